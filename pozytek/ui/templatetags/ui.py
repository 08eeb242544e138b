"""Template helpers of the UI kit."""

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def field_widget(field: BoundField) -> SafeString:
    """Render the widget with aria-describedby pointing at its hint and errors, and aria-invalid."""
    describedby = []
    if field.help_text:
        describedby.append(f"{field.auto_id}_hint")
    attrs: dict[str, str | bool] = {}
    if field.errors:
        describedby.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    return field.as_widget(attrs=attrs)
