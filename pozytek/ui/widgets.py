"""Form widgets every app uses: the browser's own date and time pickers, with ISO values."""

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """`<input type="date">`: the browser's date picker, value as YYYY-MM-DD."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    """`<input type="datetime-local">`: the wall-clock time in Warsaw (the current time zone)."""

    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)
