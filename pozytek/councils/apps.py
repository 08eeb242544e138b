from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    """Councils and teams (ciała konsultacyjno-doradcze)."""

    name = "pozytek.councils"
    label = "councils"
    verbose_name = _("Councils")

    def ready(self) -> None:
        # Lifecycles owned by this app and the transitions it follows (core.workflow registries).
        from pozytek.core.workflow import register_lifecycle  # noqa: PLC0415
        from pozytek.councils.models import Body, BodyMeeting, CandidateCall, OpinionRequest  # noqa: PLC0415
        from pozytek.councils.transitions import (  # noqa: PLC0415
            BODY_TRANSITIONS,
            CALL_TRANSITIONS,
            MEETING_TRANSITIONS,
            REQUEST_TRANSITIONS,
        )

        register_lifecycle(Body, BODY_TRANSITIONS)
        register_lifecycle(BodyMeeting, MEETING_TRANSITIONS)
        register_lifecycle(CandidateCall, CALL_TRANSITIONS)
        register_lifecycle(OpinionRequest, REQUEST_TRANSITIONS)
        from pozytek.core.deadlines import register_source  # noqa: PLC0415
        from pozytek.councils.deadlines import MEETINGS  # noqa: PLC0415

        register_source(MEETINGS)
        from pozytek.core.record_kinds import register_kind, register_measure  # noqa: PLC0415
        from pozytek.councils.record_kinds import COUNCIL_ACT, COUNCIL_MEETING, MEASURES  # noqa: PLC0415

        register_kind(COUNCIL_ACT)
        register_kind(COUNCIL_MEETING)
        for measure in MEASURES:
            register_measure(measure)
        from pozytek.councils import permissions  # noqa: F401, PLC0415 -- registers the rules
        from pozytek.ui.navigation import NavEntry, register  # noqa: PLC0415

        register(
            NavEntry(
                plane=1,
                label=_("Councils and teams"),
                url_name="councils:list",
                order=20,
                description=_(
                    "The Public Benefit Council, dialogue commissions and joint teams: members, meetings, minutes, "
                    "resolutions and opinions."
                ),
            )
        )
        from pozytek.councils import worklist  # noqa: F401, PLC0415 -- registers its work source (core.worklist)
