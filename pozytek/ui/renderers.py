"""A form renderer that writes Django's plain widget templates in Python, to the same bytes.

Rendering a widget through its templates (a radio button is five nested templates: radio, multiple
input, radio option, input option, input, attrs) was half the time of re-rendering an offer section
after each autosave. `WidgetRenderer` writes the markup of Django's own input, textarea, select, radio
and checkbox templates directly, following them tag by tag: the same escaping (`{{ }}` with
autoescape, `stringformat:'s'`), localisation and whitespace. Any other template, a widget whose values
a template would treat specially (callables), or templates that are not Django's own (an override found
first) go through the templates as before. tests/ui/test_renderers.py compares both for every widget
the forms use.
"""

import html
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs

WIDGETS = "django/forms/widgets/"
_DJANGO_TEMPLATES = Path(django.forms.__file__).resolve().parent / "templates"


class _Unsupported(Exception):
    """A value the templates would resolve differently (a callable): render through the templates."""


def _plain(value: Any) -> Any:
    if callable(value):
        raise _Unsupported
    return value


def _show(value: Any) -> str:
    """`{{ value }}` with autoescaping (render_value_in_context)."""
    if type(value) is str:  # most values: no localisation applies, escaped as conditional_escape would
        return html.escape(value)
    value = localize(template_localtime(_plain(value)))
    if not issubclass(type(value), str):
        value = str(value)
    return str(conditional_escape(value))


def _s(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` (a safe-string input stays unescaped, as the filter is is_safe)."""
    value = _plain(value)
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value,)  # noqa: UP031 -- the filter's own
    except (ValueError, TypeError):
        text = ""
    return _show(SafeString(text) if isinstance(value, SafeData) else text)


def _attrs(attrs: Mapping[str, Any]) -> str:
    """attrs.html"""
    out = []
    for name, value in attrs.items():
        if _plain(value) is not False:
            out.append(" " + _show(name))
            if value is not True:
                out.append('="' + _s(value) + '"')
    return "".join(out)


def _input(w: Mapping[str, Any]) -> str:
    """input.html"""
    value = _plain(w.get("value", ""))
    shown = ' value="' + _s(value) + '"' if value != None else ""  # noqa: E711 -- the template's `!= None`
    return (
        '<input type="'
        + _show(w.get("type", ""))
        + '" name="'
        + _show(w.get("name", ""))
        + '"'
        + shown
        + _attrs(w["attrs"])
        + ">\n"
    )


def _input_option(w: Mapping[str, Any]) -> str:
    """input_option.html"""
    if not w.get("wrap_label"):
        return _input(w) + "\n"
    target = w["attrs"].get("id")
    label_for = ' for="' + _show(target) + '"' if target else ""
    return "<label" + label_for + ">" + _input(w) + " " + _show(w.get("label", "")) + "</label>\n"


def _included_input(w: Mapping[str, Any]) -> str:
    """text.html, number.html, hidden.html, …: `{% include "…/input.html" %}` and a newline."""
    return _input(w) + "\n"


def _option(w: Mapping[str, Any]) -> str:
    """radio_option.html and checkbox_option.html: the input option and a newline."""
    return _input_option(w) + "\n"


def _select_option(w: Mapping[str, Any]) -> str:
    """select_option.html"""
    return (
        '<option value="'
        + _s(w.get("value", ""))
        + '"'
        + _attrs(w["attrs"])
        + ">"
        + _show(w.get("label", ""))
        + "</option>\n"
    )


OPTIONS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    WIDGETS + "radio_option.html": _option,
    WIDGETS + "checkbox_option.html": _option,
    WIDGETS + "select_option.html": _select_option,
}


def _each_option(options: Iterable[Mapping[str, Any]]) -> Iterable[tuple[Mapping[str, Any], Callable[..., str]]]:
    for option in options:
        render = OPTIONS.get(option.get("template_name", ""))
        if render is None:
            raise _Unsupported
        yield option, render


def _multiple_input(w: Mapping[str, Any]) -> str:
    """multiple_input.html (radio.html, checkbox_select.html include it)."""
    attrs = w["attrs"]
    target, css = _plain(attrs.get("id")), _plain(attrs.get("class"))
    out = ["<div", ' id="' + _show(target) + '"' if target else "", ' class="' + _show(css) + '"' if css else "", ">"]
    for group, options, _index in w["optgroups"]:
        if _plain(group):
            out.append("\n  <div><label>" + _show(group) + "</label>")
        for option, render in _each_option(options):
            out.append("<div>\n    " + render(option) + "</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


def _select(w: Mapping[str, Any]) -> str:
    """select.html"""
    out = ['<select name="' + _show(w.get("name", "")) + '"' + _attrs(w["attrs"]) + ">"]
    for group, options, _index in w["optgroups"]:
        if _plain(group):
            out.append('\n  <optgroup label="' + _show(group) + '">')
        for option, render in _each_option(options):
            out.append("\n  " + render(option))
        if group:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _textarea(w: Mapping[str, Any]) -> str:
    """textarea.html"""
    value = _plain(w.get("value", ""))
    return (
        '<textarea name="'
        + _show(w.get("name", ""))
        + '"'
        + _attrs(w["attrs"])
        + ">\n"
        + (_show(value) if value else "")
        + "</textarea>\n"
    )


INPUT_TYPES = (
    "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "search", "tel", "color",
    "checkbox",
)  # fmt: skip
TEMPLATES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    WIDGETS + "input.html": _input,
    **{f"{WIDGETS}{kind}.html": _included_input for kind in INPUT_TYPES},
    WIDGETS + "textarea.html": _textarea,
    WIDGETS + "radio.html": lambda w: _multiple_input(w) + "\n",
    WIDGETS + "checkbox_select.html": lambda w: _multiple_input(w) + "\n",
    WIDGETS + "multiple_input.html": _multiple_input,
    WIDGETS + "select.html": _select,
}
# What the templates above include: all must be Django's own for the Python versions to be the same.
_FOLLOWED = (*TEMPLATES, *OPTIONS, WIDGETS + "attrs.html", WIDGETS + "input_option.html")


class WidgetRenderer(DjangoTemplates):
    """Django's default form renderer; the plain widget templates are written in Python (same bytes)."""

    @cached_property
    def _own_templates(self) -> bool:
        """The widget templates found are Django's own (not an override the Python would not follow)."""
        for name in _FOLLOWED:
            origin = Path(str(self.get_template(name).origin.name)).resolve()
            if not origin.is_relative_to(_DJANGO_TEMPLATES):
                return False
        return True

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = TEMPLATES.get(template_name)
        widget = context.get("widget")
        if write is not None and isinstance(widget, Mapping) and self._own_templates:
            try:
                return write(widget).strip()
            except _Unsupported:
                pass
        return str(super().render(template_name, context, request=request))


widget_renderer = WidgetRenderer()
