"""What open competitions report into the cooperation programme (core.record_kinds): calls announced.

The calls themselves are listed as the record kind `open_competition` by the grants register, which
knows what was awarded under each call (it sits above this app)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from pozytek.competitions.selectors import calls_announced_in
from pozytek.core.record_kinds import Cooperation, Measure


def calls_announced(tenant: Any, year: int) -> int:
    return calls_announced_in(tenant, year).count()


CALLS_ANNOUNCED = Measure(
    key="calls.announced",
    label=_("Open competitions announced"),
    cooperation=Cooperation.FINANCIAL,
    compute=calls_announced,
    order=10,
    help_text=_("Calls for offers published in the year (a call cancelled later counts too)."),
)

MEASURES = (CALLS_ANNOUNCED,)
