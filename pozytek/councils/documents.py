"""Documents of a body: the minutes of a meeting (protokół z posiedzenia) as a page and a PDF."""

from django.utils.translation import gettext as _

from pozytek.councils.models import BodyMeeting
from pozytek.councils.selectors import attendance_of
from pozytek.documents.services import RenderedDocument, render_document

MINUTES_BODY = "councils/documents/minutes.html"


def minutes_context(meeting: BodyMeeting) -> dict[str, object]:
    return {
        "meeting": meeting,
        "body": meeting.body,
        "agenda": list(meeting.agenda.all()),
        "attendance": attendance_of(meeting),
        "acts": list(meeting.acts.order_by("kind", "sequence")),
    }


def minutes_title(meeting: BodyMeeting) -> str:
    return _("Minutes of the meeting of %(body)s on %(date)s") % {
        "body": meeting.body.name,
        "date": meeting.starts_at.date().isoformat(),
    }


def minutes_document(meeting: BodyMeeting) -> RenderedDocument:
    return render_document(MINUTES_BODY, minutes_context(meeting), title=minutes_title(meeting))
