"""Deadlines of an offer, to the second (Warsaw time): read by the offer's guards and by pages."""

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def closed_message(call: Any) -> str:
    """“The call closed on 15 December 2026 at 16:00:00 (Warsaw time).”"""
    local = timezone.localtime(call.offer_deadline)
    return _("Offers could be submitted until %(date)s, %(time)s (Warsaw time). The deadline has passed.") % {
        "date": formats.date_format(local, "j E Y"),
        "time": local.strftime("%H:%M:%S"),
    }


def correction_deadline_passed(offer: Any) -> bool:
    deadline = offer.correction_deadline
    return deadline is not None and timezone.now() >= deadline


def correction_closed_message(offer: Any) -> str:
    local = timezone.localtime(offer.correction_deadline)
    return _("Corrections could be made until %(date)s, %(time)s (Warsaw time). The deadline has passed.") % {
        "date": formats.date_format(local, "j E Y"),
        "time": local.strftime("%H:%M:%S"),
    }
