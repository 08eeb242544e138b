"""Background delivery of e-mail through Django's configured mail backend."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def deliver_email(*, subject: str, body: str, to: list[str], html: str = "", from_email: str = "") -> int:
    """Send one message; runs in the task worker (`db_worker`) in production."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email or settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
