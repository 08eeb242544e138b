"""The office's narrative of the realisation report: one text per section (states.ReportSection).

The limit is checked by `services.reports.save_narrative`; its messages are tied to the sections' fields
by `ui.form_errors.attach_service_errors`.
"""

from typing import Any

from django import forms

from pozytek.programmes.states import ReportSection


class NarrativeForm(forms.Form):
    """One textarea per section of the report, in the order the report prints them."""

    def __init__(self, *args: Any, narrative: dict[str, str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", dict(narrative or {}))
        super().__init__(*args, **kwargs)
        for value, label in ReportSection.choices:
            self.fields[value] = forms.CharField(
                label=label, required=False, strip=True, widget=forms.Textarea(attrs={"rows": 6})
            )

    def texts(self) -> dict[str, str]:
        return {value: self.cleaned_data.get(value, "") for value in ReportSection.values}
