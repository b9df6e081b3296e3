"""``manage.py board_pack [--check MONTH]``: freeze last month's board pack now, as beat does on the first of the
month; or check a frozen pack: its snapshot hash and each language's PDF rendered again against the recorded ones."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from reports.models import BoardPack
from reports.pdf import LANGUAGES, canonical_json, sha256
from reports.selectors import board_pack_pdf
from reports.services import board_pack_take_monthly


class Command(BaseCommand):
    help = (
        "Freeze last month's board pack (left as it is when frozen already), or with --check YYYY-MM render a "
        "frozen pack again and compare its hashes with the recorded ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", metavar="YYYY-MM", help="The month of a frozen pack to check.")

    def handle(self, *args, check=None, **options):
        if not check:
            written = board_pack_take_monthly()
            self.stdout.write("Froze last month's board pack." if written else "Last month is frozen already.")
            return
        try:
            month = datetime.date.fromisoformat(f"{check}-01")
        except ValueError:
            raise CommandError("Write the month as YYYY-MM.") from None
        pack = BoardPack.objects.filter(month=month).first()
        if pack is None:
            raise CommandError(f"No board pack of {check}.")
        problems = []
        if sha256(canonical_json(pack.snapshot)) != pack.snapshot_sha256:
            problems.append("the snapshot does not match its SHA-256")
        for language in LANGUAGES:
            if sha256(board_pack_pdf(pack, language)) != pack.pdf_sha256.get(language):
                problems.append(f"the {language} PDF renders differently (fonts or WeasyPrint changed?)")
        if problems:
            raise CommandError(f"Board pack {check}: " + "; ".join(problems) + ".")
        self.stdout.write(f"Board pack {check}: the snapshot and the PDFs in {', '.join(LANGUAGES)} match.")
