"""The input of a write service, defined once: a Django form whose fields come from the model's fields.

A service checks what it is given with ``SomeInput.clean_input(**values)`` and gets the cleaned values or an
InvalidInput with every bad field at once. The page's form is the same class (or a subclass that only changes
widgets), and the API's request serializer is built from it (``core.api.inputs.serializer_for``), so a limit — a
text's length, a number's digits, a choice — is written once, on the model field, and page, API and service refuse
the same input with the same message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from core.exceptions import InvalidInput

# Free text without a length of its own on the model (reasons, notes, comments) is bounded by this.
TEXT_LIMIT = 5000
# Long free text: evidence, findings, assumptions.
LONG_TEXT_LIMIT = 20000


def model_field(model: type[models.Model], name: str, **kwargs) -> forms.Field:
    """The form field of ``model.name``, with its length, digits and choices, adjusted by ``kwargs`` (label,
    required, widget…)."""
    field = model._meta.get_field(name)
    if isinstance(field, models.TextField) and field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} needs a max_length: every text the app accepts is bounded")
    formfield = field.formfield(**kwargs)
    if isinstance(formfield, forms.CharField):
        # Text is taken as typed apart from the ends; NUL characters are refused by Django's validator.
        formfield.strip = True
    return formfield


class ServiceInput(forms.Form):
    """A write service's input. ``refused`` is the headline of its InvalidInput (it may name ``%(key)s``)."""

    refused: str = ""

    @classmethod
    def clean_input(cls, *, context: dict[str, Any] | None = None, **values) -> dict[str, Any]:
        """The cleaned values, or InvalidInput with every field's messages. ``values`` are Python values (a service's
        keyword arguments); ``context`` fills the headline's placeholders."""
        form = cls(data={name: value for name, value in values.items() if value is not None})
        if form.is_valid():
            return form.cleaned_data
        fields = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        leftover = fields.pop("__all__", [])
        headline = str(cls.refused) % (context or {}) if context else str(cls.refused)
        raise InvalidInput(headline, fields={**fields, **({"__all__": leftover} if leftover else {})})

    def clean(self):
        cleaned = super().clean()
        return self.check(cleaned) or cleaned

    def check(self, cleaned: dict[str, Any]) -> None:
        """Rules across fields; call ``self.add_error(field, message)`` for each problem."""
