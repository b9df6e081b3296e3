"""The input of a write service, defined once: a Django form whose fields come from the model's fields.

A service checks what it is given with ``SomeInput.clean_input(**values)`` and gets the cleaned values or an
InvalidInput with every bad field at once. The page's form is the same class (or a subclass that only changes
widgets), and the API's request serializer is built from it (``core.api.inputs.serializer_for``), so a limit — a
text's length, a number's digits, a choice — is written once, on the model field, and page, API and service refuse
the same input with the same message.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

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
    # The model field's own validators (bounds, formats) check the form's value too.
    formfield.validators.extend(v for v in field._validators if v not in formfield.validators)
    if isinstance(formfield, forms.CharField):
        # Text is taken as typed apart from the ends; NUL characters are refused by Django's validator.
        formfield.strip = True
    return formfield


def normalise(field: forms.Field, function) -> None:
    """Let ``field`` turn what a person typed into the stored form before it is checked (a page may take "eur" for
    EUR where the API and the services insist on the code as stored)."""
    base = type(field)
    field.__class__ = type(
        base.__name__, (base,), {"to_python": lambda self, value: function(base.to_python(self, value))}
    )


def _wrong_type(field: forms.Field, value: Any) -> str | None:
    if value is None or isinstance(field, forms.BooleanField):
        return None
    if isinstance(field, forms.DateField) and isinstance(value, datetime.datetime):
        return _("Enter a date, not a moment: a time and zone would be dropped.")
    # Django's DecimalField and FloatField are IntegerFields too: only a true whole-number field counts here.
    whole = (
        isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField | forms.FloatField)
    ) or (isinstance(field, forms.TypedChoiceField) and field.coerce is int)
    if whole and (isinstance(value, bool) or not isinstance(value, int)):
        return _("Enter a whole number.")
    if isinstance(field, forms.CharField) and not isinstance(value, str):
        return _("Enter text.")
    return None


class ServiceInput(forms.Form):
    """A write service's input. ``refused`` is the headline of its InvalidInput (it may name ``%(key)s``)."""

    refused: str = ""

    @classmethod
    def clean_input(cls, *, context: dict[str, Any] | None = None, **values) -> dict[str, Any]:
        """The cleaned values, or InvalidInput with every field's messages. ``values`` are Python values (a service's
        keyword arguments); ``context`` fills the headline's placeholders."""
        form = cls(data={name: value for name, value in values.items() if value is not None})
        # A service is called with Python values: one of the wrong type is refused rather than converted.
        wrong = {
            name: [str(problem)]
            for name, value in values.items()
            if name in form.fields and (problem := _wrong_type(form.fields[name], value))
        }
        if form.is_valid() and not wrong:
            return form.cleaned_data
        fields = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        fields.update(wrong)
        leftover = fields.pop("__all__", [])
        headline = str(cls.refused) % (context or {}) if context else str(cls.refused)
        raise InvalidInput(headline, fields={**fields, **({"__all__": leftover} if leftover else {})})

    @classmethod
    def clean_arguments(cls, arguments: dict[str, Any], *, context: dict[str, Any] | None = None) -> dict[str, Any]:
        """``clean_input`` over the service's own keyword arguments (``locals()`` at its start): those the input
        names are checked, the rest (actor, the initiative…) are left to the service."""
        return cls.clean_input(
            context=context, **{name: arguments[name] for name in cls.base_fields if name in arguments}
        )

    def clean(self):
        cleaned = super().clean()
        return self.check(cleaned) or cleaned

    def check(self, cleaned: dict[str, Any]) -> None:
        """Rules across fields; call ``self.add_error(field, message)`` for each problem."""
