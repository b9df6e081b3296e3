"""Writes of the reports app: freezing a month's board pack (once), and recording an evidence pack's export."""

from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.exceptions import Refused
from governance.access import require_coe
from governance.audit import audit_record
from reports.models import BoardPack
from reports.pdf import LANGUAGES, canonical_json, sha256
from reports.sections import SECTIONS, previous_month

PACK_LOCK_KEY = 0x3EE1C6


def board_pack_snapshot(today: datetime.date) -> dict:
    """Every registered section's figures for the month before ``today``, as JSON-ready data."""
    month = previous_month(today)
    return {
        "month": month.isoformat()[:7],
        "as_of": today.isoformat(),
        "sections": {section.key: section.freeze(today) for section in SECTIONS},
    }


def board_pack_store(*, actor, today: datetime.date) -> BoardPack | None:
    """Freeze the month before ``today`` unless it is frozen already (None then). Two runs at once write one pack:
    the second waits for the first, then finds the month taken."""
    from reports.selectors import board_pack_pdf  # the renderer reads packs

    month = previous_month(today)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PACK_LOCK_KEY])
        if BoardPack.objects.filter(month=month).exists():
            return None
        snapshot = board_pack_snapshot(today)
        pack = BoardPack(
            month=month,
            snapshot=snapshot,
            snapshot_sha256=sha256(canonical_json(snapshot)),
            created_by=actor if actor is not None and actor.is_authenticated else None,
            created_at=timezone.now(),
        )
        pack.pdf_sha256 = {language: sha256(board_pack_pdf(pack, language)) for language in LANGUAGES}
        pack.save()
        audit_record(
            actor=actor,
            verb="board_pack.created",
            target=pack,
            after={"month": snapshot["month"], "snapshot_sha256": pack.snapshot_sha256, "pdf_sha256": pack.pdf_sha256},
        )
        return pack


def board_pack_create(*, actor, today: datetime.date | None = None) -> BoardPack:
    """The CoE freezes last month's board pack on demand (the monthly task does it on the first of the month);
    refused when that month is frozen already: a past pack never changes."""
    require_coe(actor, _("Only the CoE freezes a board pack."))
    today = today or timezone.localdate()
    pack = board_pack_store(actor=actor, today=today)
    if pack is None:
        raise Refused(
            _("The board pack of %(month)s is frozen already; a past pack never changes.")
            % {"month": formats.date_format(previous_month(today), "YEAR_MONTH_FORMAT", use_l10n=True)}
        )
    return pack


def board_pack_take_monthly(*, now: datetime.datetime | None = None) -> int:
    """The monthly task: freeze last month's pack if nobody has; 1 when a pack was written, 0 otherwise."""
    today = timezone.localdate(now or timezone.now())
    return int(board_pack_store(actor=None, today=today) is not None)
