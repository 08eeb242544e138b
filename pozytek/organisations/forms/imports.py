"""Forms of the office import: the upload and the column mapping of a spreadsheet."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from pozytek.organisations.imports.rows import IMPORT_FIELDS

ACCEPTED = ",".join(
    (
        ".json",
        ".csv",
        ".txt",
        ".xlsx",
        "application/json",
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
)


class UploadForm(forms.Form):
    """The file only: what it holds, its size and its rows are checked by `upload_import_file`."""

    file = forms.FileField(
        label=_("File with organisations"),
        help_text=_(
            "A KRS extract in JSON (from the KRS open API, one extract or a list of them), or a spreadsheet "
            "saved as CSV (UTF-8 or Windows-1250, separated by ; or ,) or XLSX. At most 10 MB and "
            "20,000 rows."
        ),
        widget=forms.FileInput(attrs={"accept": ACCEPTED}),
        error_messages={
            "required": _("Choose the file to import."),
            "empty": _("The file is empty."),
            "invalid": _("No file was sent. Choose the file again."),
        },
    )


class MappingForm(forms.Form):
    """For each of our fields, the column of the spreadsheet that feeds it (or none)."""

    def __init__(self, *args: Any, columns: list[str], samples: list[list[str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "\u2014")]
        for index, label in enumerate(columns):
            example = next((row[index] for row in samples or [] if index < len(row) and row[index]), "")
            if len(example) > 40:
                example = example[:39] + "\u2026"
            text = _("%(column)s (e.g. %(example)s)") % {"column": label, "example": example} if example else label
            choices.append((str(index), text))
        for key, label in IMPORT_FIELDS:
            self.fields[key] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=key == "name",
                error_messages={"required": _("Choose the column with the names of the organisations.")},
            )
        self.fields["opp"].help_text = _("Values: tak / nie, 1 / 0 or x.")
        self.fields["spheres"].help_text = _("Point numbers of art. 4 ust. 1 of the Act, e.g. “17; 32”.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used: dict[str, str] = {}
        for key, _label in IMPORT_FIELDS:
            column = data.get(key)
            if not column:
                continue
            if column in used:
                self.add_error(
                    key,
                    _("This column is already chosen for “%(field)s”.") % {"field": self.fields[used[column]].label},
                )
            else:
                used[column] = key
        return data

    def mapping(self) -> dict[str, int]:
        return {key: int(value) for key, value in self.cleaned_data.items() if value not in (None, "")}
