"""Form helpers every app's views use."""

from typing import Any

from django.core.exceptions import ValidationError


def attach_service_errors(form: Any, error: ValidationError, *, field: str | None = None) -> None:
    """Show a service's ValidationError next to the fields it names.

    Messages for names the form has no field for, and an error without field names, go to `field`
    (when the form has it) or to the top of the form, so nothing the service said is lost.
    """
    named = hasattr(error, "error_dict")
    items = list(error.message_dict.items()) if named else [(field or "__all__", error.messages)]
    for name, messages in items:
        form.add_error(name if name in form.fields else None, messages)
