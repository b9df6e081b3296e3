"""A small reader of gettext .po files (what makemessages writes), enough to compare catalogues in tests."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def _string(text: str) -> str:
    # A PO string is a C-escaped double-quoted literal, which Python's literal syntax reads the same way.
    return ast.literal_eval(text.strip())


def read(path: Path) -> list[Entry]:
    """Every entry of a .po file, the header (empty msgid) included, obsolete ones (#~) marked."""
    entries: list[Entry] = []
    entry = Entry()
    current: tuple[str, int | None] | None = None
    started = False

    def finish():
        nonlocal entry, started, current
        if started:
            entries.append(entry)
        entry, started, current = Entry(), False, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):
                continue
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if started and not obsolete:
                finish()
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        entry.obsolete = entry.obsolete or obsolete
        if line.startswith("msgctxt "):
            if started and current and current[0] != "msgctxt":
                finish()
            started, current = True, ("msgctxt", None)
            entry.msgctxt = _string(line[8:])
        elif line.startswith("msgid_plural "):
            current = ("msgid_plural", None)
            entry.msgid_plural = _string(line[13:])
        elif line.startswith("msgid "):
            if started and current and current[0] not in ("msgctxt",):
                finish()
            started, current = True, ("msgid", None)
            entry.msgid = _string(line[6:])
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            current = ("msgstr", index)
            entry.msgstr[index] = _string(line[line.index("]") + 1 :])
        elif line.startswith("msgstr "):
            current = ("msgstr", 0)
            entry.msgstr[0] = _string(line[7:])
        elif line.startswith('"') and current:
            kind, index = current
            text = _string(line)
            if kind == "msgstr":
                entry.msgstr[index] += text
            elif kind == "msgid":
                entry.msgid += text
            elif kind == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + text
            elif kind == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + text
    finish()
    return entries


def messages(path: Path) -> dict[tuple[str | None, str], Entry]:
    """The live (not obsolete) entries of a catalogue by (context, msgid), without the header."""
    return {e.key: e for e in read(path) if not e.obsolete and e.msgid}
