"""What the audiences' views share: running a form through a service, the data of one initiative's page, and
serving a photo inline."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import FileResponse, Http404

from pozytek.initiatives.models import Initiative, Photo
from pozytek.initiatives.selectors import (
    agreement_of,
    contributions_of,
    members_of,
    milestones_of,
    photos_of,
    totals_of,
)
from pozytek.ui.form_errors import attach_service_errors


def run(form: BaseForm, call: Callable[[dict[str, Any]], Any]) -> bool:
    """Validate `form` and hand its data to a service; its ValidationError goes next to the fields it names."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        attach_service_errors(form, error)
        return False
    return True


def initiative_context(initiative: Initiative) -> dict[str, Any]:
    """Everything an initiative's page shows, read before rendering (templates run no queries)."""
    contributions = contributions_of(initiative)
    agreement = agreement_of(initiative)
    return {
        "initiative": initiative,
        "members": members_of(initiative),
        "contributions": contributions,
        "estimate": list(initiative.estimate.all()),
        "milestones": milestones_of(initiative),
        "photos": photos_of(initiative),
        "agreement": agreement,
        "office_items": list(agreement.office_items.all()) if agreement is not None else [],
        "totals": totals_of(initiative, contributions=contributions, agreement=agreement),
    }


def photo_response(photo: Photo | None) -> FileResponse:
    """The photo inline, as its checked content type; a missing file is a 404."""
    if photo is None or not photo.file:
        raise Http404
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
