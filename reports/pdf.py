"""Papers as PDF: HTML rendered by WeasyPrint (a library, no browser process), in one language, with fixed metadata.

The bytes depend only on the HTML and the fonts: the creation date is the paper's own date (a board pack's month
end, a review's decision), the PDF identifier is derived from the paper's content hash, and nothing reads the clock.
So rendering the same snapshot again with the same WeasyPrint and fonts gives the same SHA-256.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
from contextlib import contextmanager

from django.template.loader import render_to_string
from django.utils import translation

from adoption.display import DATE_STYLE_LANGUAGE, override_date_style

# WeasyPrint reports each rendering step at INFO: not worth a log line per PDF.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

LANGUAGES = ("en", "zh-hant", "zh-hans")
# The html lang attribute of each language: the font fallback picks Noto Sans CJK TC or SC by it.
HTML_LANG = {"en": "en", "zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}


def canonical_json(data) -> bytes:
    """The one serialisation that is hashed: sorted keys, no spaces, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def in_language(language: str):
    """Texts, numbers and dates of ``language`` (its own date format, never a reader's ISO preference)."""
    with translation.override(language), override_date_style(DATE_STYLE_LANGUAGE):
        yield


def render_pdf(template: str, context: dict, *, language: str, created: datetime.datetime, identifier: str) -> bytes:
    """``template`` rendered in ``language`` and printed to PDF; ``created`` and ``identifier`` (a hex digest) are
    written into the PDF's metadata instead of the clock and a random id."""
    from weasyprint import HTML  # imported on use: Pango loads with it

    with in_language(language):
        html = render_to_string(
            template,
            {
                **context,
                "html_lang": HTML_LANG.get(language, "en"),
                "created": created.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )
    document = HTML(string=html, base_url=None)
    return document.write_pdf(pdf_identifier=f"{identifier[:32]}:{language}".encode())
