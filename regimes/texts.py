"""Reading the catalogue's texts (``{"en", "zh-hant", "zh-hans"}``) in the reader's language."""

from __future__ import annotations

from django.utils import translation

# Django's language code → the catalogue's key.
LANGUAGE_KEYS = {"en": "en", "zh-hant": "zh-hant", "zh-hans": "zh-hans"}


def language_key(language: str | None = None) -> str:
    code = (language or translation.get_language() or "en").lower()
    if code.startswith("zh-hant") or code in ("zh-tw", "zh-hk"):
        return "zh-hant"
    if code.startswith("zh"):
        return "zh-hans"
    return "en"


def words(text, language: str | None = None) -> str:
    """``text`` in the reader's language (English when that one is missing); plain strings as they are."""
    if isinstance(text, dict):
        return text.get(language_key(language)) or text.get("en") or next(iter(text.values()), "")
    return "" if text is None else str(text)
