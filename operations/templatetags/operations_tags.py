"""Template filters of the operations pages."""

from django import template

from operations.obligations import words

register = template.Library()

# A catalogue text stored per language ({"en", "zh-hant", "zh-hans"}) in the reader's language.
register.filter("in_language", words)
