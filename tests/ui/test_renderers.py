"""WidgetRenderer writes Django's widget templates in Python: every widget must come out byte for byte as
the templates write it (escaping, localisation, whitespace), and anything else goes through the templates."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from pozytek.ui.renderers import WidgetRenderer
from pozytek.ui.widgets import DateInput, DateTimeInput

TRICKY = "a <b> & \"c\" 'd'"
CHOICES = [("", "– choose –"), ("free", "free of charge"), ("paid", TRICKY), (3, gettext_lazy("Year"))]
GROUPED = [("Group <1>", [("a", "A"), ("b", "B")]), ("c", "C"), (gettext_lazy("Year"), [(1, "One")])]

WIDGETS = [
    (forms.TextInput(), "x", None),
    (forms.TextInput(), "", {"id": "id_x", "required": True, "disabled": False, "maxlength": 300}),
    (forms.TextInput(), None, {"aria-describedby": "id_x_hint id_x_errors", "aria-invalid": "true"}),
    (forms.TextInput(), TRICKY, {"placeholder": TRICKY, "data-x": mark_safe("<i>")}),
    (forms.TextInput(), mark_safe("<safe>"), None),
    (forms.TextInput(attrs={"placeholder": gettext_lazy("Year"), "title": gettext_lazy("a <b>")}), "v", None),
    (forms.NumberInput(), 12, {"min": 0, "step": Decimal("0.01")}),
    (forms.NumberInput(), Decimal("1234.50"), None),
    (forms.TextInput(attrs={"inputmode": "decimal"}), Decimal("1234.50"), None),
    (forms.EmailInput(), "a@b.example", {"autocomplete": "email"}),
    (forms.URLInput(), "https://x.example/?a=1&b=2", None),
    (forms.PasswordInput(render_value=True), "secret", None),
    (forms.HiddenInput(), 7, {"id": "id_section-version"}),
    (forms.HiddenInput(), None, None),
    (forms.DateInput(), dt.date(2027, 3, 1), None),
    (DateInput(), dt.date(2027, 3, 1), {"id": "id_start"}),
    (DateTimeInput(), dt.datetime(2027, 3, 1, 12, 30, tzinfo=dt.UTC), None),
    (forms.TimeInput(), dt.time(8, 5), None),
    (forms.CheckboxInput(), True, {"id": "id_c"}),
    (forms.CheckboxInput(), False, None),
    (forms.CheckboxInput(), "", {"required": True}),
    (forms.Textarea(), "", None),
    (forms.Textarea(attrs={"rows": 5}), TRICKY + "\nline two", {"id": "id_t"}),
    (forms.Textarea(), None, {"readonly": True}),
    (forms.Textarea(), "\n leading newline", None),
    (forms.Select(choices=CHOICES), "paid", {"id": "id_s"}),
    (forms.Select(choices=CHOICES), None, None),
    (forms.Select(choices=CHOICES), 3, None),
    (forms.Select(choices=GROUPED), "b", {"id": "id_g"}),
    (forms.SelectMultiple(choices=CHOICES), ["free", "paid"], {"id": "id_m"}),
    (forms.NullBooleanSelect(), None, None),
    (forms.NullBooleanSelect(), True, {"id": "id_n"}),
    (forms.RadioSelect(choices=CHOICES), "free", {"id": "id_r"}),
    (forms.RadioSelect(choices=CHOICES), None, None),
    (forms.RadioSelect(choices=CHOICES), "paid", {"id": "id_r", "class": "inline <x>", "required": True}),
    (forms.RadioSelect(choices=GROUPED), "a", {"id": "id_rg"}),
    (forms.RadioSelect(choices=[(False, "no"), (True, "yes")]), False, {"id": "id_b"}),
    (forms.CheckboxSelectMultiple(choices=CHOICES), ["paid", 3], {"id": "id_cm"}),
    (forms.CheckboxSelectMultiple(choices=GROUPED), [], None),
]


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize(("widget", "value", "attrs"), WIDGETS)
def test_every_widget_comes_out_as_the_templates_write_it(widget, value, attrs, language):
    with translation.override(language):
        expected = widget.render("f-field", value, attrs=attrs, renderer=DjangoTemplates())
        written = widget.render("f-field", value, attrs=attrs, renderer=WidgetRenderer())
    assert written == expected


def test_localized_numbers_follow_the_active_language():
    field = forms.DecimalField(localize=True, decimal_places=2)
    with translation.override("pl"):
        written = field.widget.render("amount", Decimal("1234.50"), renderer=WidgetRenderer())
        expected = field.widget.render("amount", Decimal("1234.50"), renderer=DjangoTemplates())
    assert written == expected and "1234,50" in written


def test_python_writes_the_known_widgets_without_their_templates(monkeypatch):
    renderer = WidgetRenderer()
    assert renderer._own_templates
    monkeypatch.setattr(renderer, "get_template", lambda name: pytest.fail(f"template {name} loaded"))
    renderer.render("django/forms/widgets/radio.html", forms.RadioSelect(choices=CHOICES).get_context("r", "", {}))


def test_other_templates_and_callables_go_through_the_templates():
    renderer, templates = WidgetRenderer(), DjangoTemplates()
    upload = forms.ClearableFileInput()
    assert upload.render("file", None, renderer=renderer) == upload.render("file", None, renderer=templates)
    called = forms.TextInput(attrs={"data-n": lambda: "from a callable"})
    written = called.render("t", "v", renderer=renderer)
    assert written == called.render("t", "v", renderer=templates) and 'data-n="from a callable"' in written
    form_html = forms.Form(renderer=renderer).render()
    assert form_html == forms.Form(renderer=templates).render()


def test_an_overridden_widget_template_is_rendered_from_the_override(monkeypatch):
    renderer = WidgetRenderer()
    real = renderer.get_template

    class Origin:
        name = "/elsewhere/templates/django/forms/widgets/textarea.html"

    class Overridden:
        origin = Origin()

        def render(self, context, request=None):
            return "<overridden>"

    monkeypatch.setattr(
        renderer, "get_template", lambda name: Overridden() if name.endswith("/textarea.html") else real(name)
    )
    assert not renderer._own_templates
    assert forms.Textarea().render("t", "v", renderer=renderer) == "<overridden>"
