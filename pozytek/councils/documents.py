"""Documents of a body: the minutes of a meeting (protokół z posiedzenia) as a page and a PDF."""

from django.utils.translation import gettext as _

from pozytek.councils.models import BodyMeeting
from pozytek.councils.selectors import attendance_of
from pozytek.councils.states import MemberRole
from pozytek.documents.services import RenderedDocument, render_document

MINUTES_BODY = "councils/documents/minutes.html"


def minutes_context(meeting: BodyMeeting) -> dict[str, object]:
    """The minutes and who signs them: the chair present at the meeting and the minute-taker, the body's
    secretary when present, else the person who recorded the minutes."""
    attendance = attendance_of(meeting)
    present = {row.member.role: row.member.full_name for row in reversed(attendance) if row.present}
    recorder = meeting.minutes_recorded_by
    recorder_name = (recorder.full_name or recorder.email) if recorder is not None else ""
    return {
        "meeting": meeting,
        "body": meeting.body,
        "tenant": meeting.body.tenant,
        "agenda": list(meeting.agenda.all()),
        "attendance": attendance,
        "acts": list(meeting.acts.order_by("kind", "sequence")),
        "chair_name": present.get(MemberRole.CHAIR, ""),
        "minute_taker_name": present.get(MemberRole.SECRETARY, recorder_name),
    }


def minutes_title(meeting: BodyMeeting) -> str:
    return _("Minutes of the meeting of %(body)s on %(date)s") % {
        "body": meeting.body.name,
        "date": meeting.starts_at.date().isoformat(),
    }


def minutes_document(meeting: BodyMeeting) -> RenderedDocument:
    return render_document(MINUTES_BODY, minutes_context(meeting), title=minutes_title(meeting))
