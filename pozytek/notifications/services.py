"""Queue e-mail after the current transaction commits, so a rolled-back change sends nothing."""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction

from pozytek.notifications.tasks import deliver_email


def queue_email(message: EmailMessage) -> None:
    """Deliver a rendered message in the background once the surrounding transaction commits."""
    html = ""
    if isinstance(message, EmailMultiAlternatives):
        html = next((str(content) for content, mime in message.alternatives if mime == "text/html"), "")
    subject, body, to, sender = str(message.subject), str(message.body), list(message.to), str(message.from_email or "")
    transaction.on_commit(
        lambda: deliver_email.enqueue(subject=subject, body=body, to=to, html=html, from_email=sender)
    )
