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


def queue_email_text(*, to: list[str], template: str, context: dict[str, object]) -> None:
    """Render a plain-text e-mail template (first line = subject) and deliver it after commit."""
    from django.conf import settings  # noqa: PLC0415 -- keep module import light
    from django.template.loader import render_to_string  # noqa: PLC0415

    text = render_to_string(template, {"base_url": settings.POZYTEK_BASE_URL, **context}).strip()
    subject, _sep, body = text.partition("\n")
    queue_email(
        EmailMessage(
            subject=f"[Pożytek] {subject.strip()}", body=body.strip(), to=to, from_email=settings.DEFAULT_FROM_EMAIL
        )
    )
