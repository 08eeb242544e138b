"""Background work for offers: the confirmation of submission, as a PDF, by e-mail."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django_scopes import scopes_disabled
from django_tasks import task

from pozytek.offers.documents import confirmation_document, route_label


@task()
def send_submission_confirmation(*, version_id: int) -> int:
    """E-mail the potwierdzenie złożenia oferty (PDF) to the submitter and the offer's contact person."""
    from pozytek.offers.models import OfferVersion  # noqa: PLC0415 -- tasks module is imported by services

    # A task, outside any request: the version is found by the id its submission queued, then rendered.
    with scopes_disabled(), translation.override(settings.LANGUAGE_CODE):
        version = OfferVersion.objects.select_related("offer__call", "tenant", "submitted_by").get(pk=version_id)
        document = confirmation_document(version)
        recipients = list(dict.fromkeys(e for e in (version.submitted_by.email, version.offer.contact_email) if e))
        text = render_to_string(
            "offers/email/submitted.txt",
            {
                "version": version,
                "snapshot": version.snapshot,
                "route_label": route_label(version.snapshot),
                "base_url": settings.POZYTEK_BASE_URL,
            },
        ).strip()
        subject, _sep, body = text.partition("\n")
        message = EmailMessage(
            subject=f"[Pożytek] {subject.strip()}",
            body=body.strip(),
            to=recipients,
            from_email=settings.DEFAULT_FROM_EMAIL,
        )
        message.attach(document.filename, document.pdf, "application/pdf")
        return message.send()
