"""Reads of the reports app: the board packs a person may read, and a pack's PDF rendered from its snapshot."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from adoption.choices import Role
from core.exceptions import InvalidInput, NotFound
from governance import access
from reports.models import BoardPack
from reports.pdf import LANGUAGES, in_language, render_pdf
from reports.sections import month_bounds, section_named

# Board packs report on the whole portfolio: the CoE, executives and auditors read them; the CoE freezes them.
BOARD_PACK_READERS = frozenset({Role.COE_ADMIN, Role.EXECUTIVE, Role.AUDITOR})


def may_read_board_packs(user) -> bool:
    return bool(access.global_roles(user) & BOARD_PACK_READERS)


def may_create_board_packs(user) -> bool:
    return access.holds_global_role(user=user, role=Role.COE_ADMIN)


def board_packs_visible(*, user) -> QuerySet[BoardPack]:
    """Every pack, newest month first, for the CoE, executives and auditors; none for anyone else."""
    if not may_read_board_packs(user):
        return BoardPack.objects.none()
    return BoardPack.objects.select_related("created_by").order_by("-month")


def board_pack_get(*, user, pk) -> BoardPack:
    """One pack for a reader; NotFound for a missing pack and for anyone else alike."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound(_("Board pack not found.")) from None
    pack = board_packs_visible(user=user).filter(pk=pk).first()
    if pack is None:
        raise NotFound(_("Board pack not found."))
    return pack


def pdf_language(value) -> str:
    """A language of the packs ("en", "zh-hant", "zh-hans"; English when none is named), else InvalidInput."""
    language = (value or "en").strip().lower()
    if language not in LANGUAGES:
        raise InvalidInput(
            _("The PDF was not made."),
            fields={"lang": [_("Choose one of: %(codes)s.") % {"codes": ", ".join(LANGUAGES)}]},
        )
    return language


def month_label(month: datetime.date) -> str:
    """“November 2026”, “2026年11月” in the active language."""
    return formats.date_format(month, "YEAR_MONTH_FORMAT", use_l10n=True)


def board_pack_pdf(pack: BoardPack, language: str) -> bytes:
    """The pack's PDF in ``language``, rendered from its stored snapshot only (never from the portfolio now)."""
    snapshot = pack.snapshot
    sections = []
    for key, data in snapshot.get("sections", {}).items():
        section = section_named(key)
        if section is not None:
            sections.append((section, data))
    from reports.sections import SECTIONS

    order = {section.key: index for index, section in enumerate(SECTIONS)}
    sections.sort(key=lambda pair: order[pair[0].key])
    _start, end = month_bounds(pack.month)
    with in_language(language):
        label = month_label(pack.month)
    return render_pdf(
        "boardpack/pack.html",
        {
            "month_label": label,
            "as_of": datetime.date.fromisoformat(snapshot["as_of"]),
            "snapshot_sha256": pack.snapshot_sha256,
            "sections": sections,
        },
        language=language,
        created=end,
        identifier=pack.snapshot_sha256,
    )
