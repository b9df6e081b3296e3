"""Reading an uploaded file: CSV (UTF-8) or XLSX (openpyxl in read-only mode, which streams the rows rather than
building the whole workbook), bounded in bytes and rows, each sheet's kind told by its headers."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from core.exceptions import InvalidInput
from imports import columns

# A portfolio's spreadsheet is a few hundred rows; a file past these bounds is refused before it is read through.
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
REFUSED = _("The file was not read.")


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it (the header is row 1)
    values: dict[str, Any]


@dataclass
class Sheet:
    kind: str
    name: str
    rows: list[Row] = field(default_factory=list)


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(str(REFUSED), fields={"file": [message]})


def _cell(value: Any) -> Any:
    """A cell as the services take it: text stripped, a spreadsheet's date-time at midnight as a date, a float as
    the decimal it shows."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date() if value.time() == datetime.time() else value
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    if isinstance(value, int | Decimal):
        return str(value)
    return str(value).strip()


def _rows_of_xlsx(content: bytes) -> Iterator[tuple[str, Iterator[tuple]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _refuse(_("This is not a readable XLSX workbook.")) from error
    except Exception as error:  # openpyxl raises its own errors for a damaged workbook
        raise _refuse(_("This is not a readable XLSX workbook.")) from error
    try:
        for sheet in book.worksheets:
            yield sheet.title, sheet.iter_rows(values_only=True)
    finally:
        book.close()


def _rows_of_csv(content: bytes) -> Iterator[tuple[str, Iterator[tuple]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refuse(_("Save the CSV file as UTF-8.")) from error
    if "\x00" in text:
        raise _refuse(_("This is not a text file."))
    yield "CSV", (tuple(row) for row in csv.reader(io.StringIO(text, newline="")))


def _kind_of(header_codes: list[str | None]) -> str | None:
    for kind, marker in columns.KIND_MARKERS.items():
        if marker in header_codes:
            return kind
    return None


def check_size(size: int) -> None:
    """InvalidInput when a file of ``size`` bytes is past the bound."""
    if size > MAX_BYTES:
        raise _refuse(
            _("The file has %(size)d bytes; at most %(limit)d are read. Split it into several files.")
            % {"size": size, "limit": MAX_BYTES}
        )


def read_file(name: str, content: bytes) -> list[Sheet]:
    """The sheets of the file ``name``, each of a known kind, with their non-empty rows as {column code: cell}.
    InvalidInput (on ``file``) says what is wrong: too big, not CSV or XLSX, unknown or missing headers, too many
    rows."""
    check_size(len(content))
    lower = name.lower()
    if lower.endswith(".xlsx"):
        tables = _rows_of_xlsx(content)
    elif lower.endswith(".csv"):
        tables = _rows_of_csv(content)
    else:
        raise _refuse(_("Upload a .csv or .xlsx file."))
    sheets: list[Sheet] = []
    total = 0
    for title, rows in tables:
        header = next(rows, None)
        if header is None or not any(_cell(v) for v in header):
            continue
        found = [_cell(value) for value in header]
        kind = None
        for candidate in columns.KIND_ORDER:
            names = columns.header_names(candidate)
            codes = [names.get(columns._fold(text)) if text else None for text in found]
            if _kind_of(codes) == candidate:
                kind = candidate
                break
        if kind is None:
            raise _refuse(
                _("The sheet “%(sheet)s” has no column that says what it holds (a title, a role or a period start).")
                % {"sheet": title}
            )
        unknown = [text for text, code in zip(found, codes, strict=True) if text and code is None]
        if unknown:
            raise _refuse(
                _("The sheet “%(sheet)s” has columns this import does not know: %(names)s.")
                % {"sheet": title, "names": ", ".join(unknown)}
            )
        # An update may carry only the columns it changes: a new initiative's other required cells are checked
        # on its row.
        needed = [
            c
            for c in columns.COLUMNS[kind]
            if c.required and (kind != columns.Kind.INITIATIVES or c.code == "external_id")
        ]
        missing = [c.label for c in needed if c.code not in codes]
        if missing:
            raise _refuse(
                _("The sheet “%(sheet)s” lacks the columns %(names)s.") % {"sheet": title, "names": ", ".join(missing)}
            )
        sheet = Sheet(kind=kind, name=title)
        for number, values in enumerate(rows, start=2):
            cells = {code: _cell(value) for code, value in zip(codes, values, strict=False) if code}
            if not any(cells.values()):
                continue
            total += 1
            if total > MAX_ROWS:
                raise _refuse(
                    _("The file has more than %(limit)d rows; split it into several files.") % {"limit": MAX_ROWS}
                )
            sheet.rows.append(Row(number, cells))
        sheets.append(sheet)
    if not any(sheet.rows for sheet in sheets):
        raise _refuse(_("The file holds no rows to import."))
    return sorted(sheets, key=lambda sheet: columns.KIND_ORDER.index(sheet.kind))
