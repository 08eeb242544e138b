"""Forms of reports: the report itself (fields per cost line and result of the report), the office's review
and the settlement.

Amounts are typed as text (a decimal comma and spaces between thousands are accepted) and checked by the
services with `core.money.parse_amount`, so the messages are the same everywhere; the views tie a
service's ValidationError to the fields with `ui.form_errors.attach_service_errors`.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pozytek.core.money import format_amount, typed_amount
from pozytek.reports.models import Report, ReportCostLine, ReportResult
from pozytek.reports.services import (
    REASON_MAX_LENGTH,
    SHORT_MAX_LENGTH,
    SOURCE_FIELDS,
    STATEMENTS,
    TEXT_FIELDS,
    TEXT_MAX_LENGTH,
    ReportInput,
)
from pozytek.reports.states import SOURCE_LABELS
from pozytek.ui.widgets import DateInput

TEXTAREA = forms.Textarea(attrs={"rows": 5})


def _amount(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=30, required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )


def amount_text(value: Decimal | None) -> str:
    """An amount as people of the current language type it (Polish: "7000,00")."""
    return format_amount(value or Decimal(0), grouping=False)


class ReportForm(forms.Form):
    """Every field of the report that the organisation fills in."""

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        report: Report,
        lines: list[ReportCostLine],
        results: list[ReportResult],
        **kwargs: Any,
    ):
        initial = {name: getattr(report, name) for name in (*TEXT_FIELDS, *STATEMENTS)}
        initial.update({f"source_{k}": amount_text(getattr(report, f"actual_{k}")) for k in SOURCE_FIELDS})
        initial["other_revenue"] = amount_text(report.other_revenue)
        for line in lines:
            initial[f"line_{line.pk}_actual"] = amount_text(line.actual)
            initial[f"line_{line.pk}_grant"] = amount_text(line.actual_grant)
        for result in results:
            initial[f"result_{result.pk}"] = result.achieved
        super().__init__(data, initial=initial, **kwargs)
        self.lines, self.results = lines, results
        labels = {
            "results_summary": _("1. Results achieved and the extent to which the task's goal was met"),
            "actions_description": _(
                "2. The actions carried out, against the schedule (including parts done by others)"
            ),
            "other_revenue_info": _("How the interest and other revenue were used"),
            "beneficiary_fees_info": _("Payments charged to the task's beneficiaries (what, how much, how used)"),
            "documents_list": _("List of financial documents (invoices, bills), one per line"),
            "additional_info": _("Additional information"),
        }
        for name in TEXT_FIELDS:
            self.fields[name] = forms.CharField(
                label=labels[name], required=False, max_length=TEXT_MAX_LENGTH, widget=TEXTAREA
            )
        for result in results:
            self.fields[f"result_{result.pk}"] = forms.CharField(
                label=_("Level achieved: %(name)s") % {"name": result.name}, required=False, max_length=SHORT_MAX_LENGTH
            )
        for line in lines:
            self.fields[f"line_{line.pk}_actual"] = _amount(_("%(no)s costs incurred (PLN)") % {"no": line.number})
            self.fields[f"line_{line.pk}_grant"] = _amount(
                _("%(no)s of which from the grant (PLN)") % {"no": line.number}
            )
        for key in SOURCE_FIELDS:
            self.fields[f"source_{key}"] = _amount(SOURCE_LABELS[key])
        self.fields["other_revenue"] = _amount(_("Interest and other revenue earned on the grant (PLN)"))
        statement_labels = {field.name: field.verbose_name for field in Report._meta.fields if field.name in STATEMENTS}
        for name in STATEMENTS:
            self.fields[name] = forms.BooleanField(label=statement_labels[name], required=False)

    def line_rows(self) -> list[tuple[ReportCostLine, Any, Any]]:
        return [(line, self[f"line_{line.pk}_actual"], self[f"line_{line.pk}_grant"]) for line in self.lines]

    def result_rows(self) -> list[tuple[ReportResult, Any]]:
        return [(result, self[f"result_{result.pk}"]) for result in self.results]

    def source_rows(self) -> list[tuple[str, Any]]:
        return [(key, self[f"source_{key}"]) for key in SOURCE_FIELDS]

    def statement_fields(self) -> list[Any]:
        return [self[name] for name in STATEMENTS]

    def to_input(self) -> ReportInput:
        data = self.cleaned_data
        return ReportInput(
            texts={name: data.get(name, "") for name in TEXT_FIELDS},
            statements={name: bool(data.get(name)) for name in STATEMENTS},
            lines={
                line.pk: (
                    typed_amount(data.get(f"line_{line.pk}_actual", "")) or "0",
                    typed_amount(data.get(f"line_{line.pk}_grant", "")) or "0",
                )
                for line in self.lines
            },
            results={result.pk: data.get(f"result_{result.pk}", "") for result in self.results},
            sources={key: typed_amount(data.get(f"source_{key}", "")) or "0" for key in SOURCE_FIELDS},
            other_revenue=typed_amount(data.get("other_revenue", "")) or "0",
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}), required=True
    )


class SettlementForm(forms.Form):
    returned_amount = _amount(_("Amount returned (PLN)"))
    returned_on = forms.DateField(label=_("Returned on"), required=False, widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
