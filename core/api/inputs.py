"""Request serializers built from a service's input (``core.inputs.ServiceInput``): the same fields, lengths, digits
and choices, so the API documents and checks exactly what the service accepts; the service's own check stays the
last word (its messages reach the client through the error format)."""

from __future__ import annotations

from django import forms
from rest_framework import serializers

from core.api.base import Bool, Dec, Int, Text


def _field(field: forms.Field) -> serializers.Field:
    common = {"required": field.required}
    if field.help_text:
        common["help_text"] = str(field.help_text)
    if isinstance(field, forms.BooleanField):
        return Bool(required=False, default=False, **({"help_text": common["help_text"]} if field.help_text else {}))
    if isinstance(field, forms.MultipleChoiceField):
        choices = [(value, label) for value, label in field.choices if value != ""]
        return serializers.ListField(
            child=serializers.ChoiceField(choices=choices), required=False, max_length=len(choices)
        )
    if isinstance(field, forms.ChoiceField):
        choices = [(value, label) for value, label in field.choices if value != ""]
        return serializers.ChoiceField(choices=choices, allow_blank=not field.required, **common)
    if isinstance(field, forms.DecimalField):
        return Dec(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            min_value=field.min_value,
            max_value=field.max_value,
            allow_null=not field.required,
            **common,
        )
    if isinstance(field, forms.IntegerField):
        return Int(min_value=field.min_value, max_value=field.max_value, **common)
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(allow_null=not field.required, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    if isinstance(field, forms.CharField):
        return Text(max_length=field.max_length, **common)
    raise TypeError(f"no API field for {type(field).__name__}")


def serializer_for(input_class: type[forms.Form], *, name: str = "", exclude: tuple[str, ...] = ()) -> type:
    """A request serializer with one field per field of ``input_class`` (less ``exclude``)."""
    fields = {
        field_name: _field(field) for field_name, field in input_class.base_fields.items() if field_name not in exclude
    }
    name = name or input_class.__name__.removesuffix("Input") + "Serializer"
    return type(name, (serializers.Serializer,), {**fields, "__module__": input_class.__module__})
