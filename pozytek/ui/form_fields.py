"""Typed access to a form's fields: to a type checker `form.fields[name]` is only a `Field`."""

from django import forms
from django.db.models import Model


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's choice field `name` (e.g. to set choices known only per request)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Model]:
    """The form's model choice field `name` (e.g. to narrow its queryset to the tenant)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    return field
