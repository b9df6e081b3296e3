"""The import templates to download: an XLSX workbook with a sheet per kind, or a CSV file per kind, with the
headers in the language asked for (the file format's fixed headers, ``imports.columns``)."""

from __future__ import annotations

import io

from django.utils import translation

from imports import columns


def template_xlsx(language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(language):
        book = Workbook()
        book.remove(book.active)
        for kind in columns.KIND_ORDER:
            sheet = book.create_sheet(columns.sheet_title(kind))
            sheet.append(columns.headers(kind))
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
    return out.getvalue()


def template_header(kind: str, language: str) -> list[str]:
    with translation.override(language):
        return columns.headers(kind)
