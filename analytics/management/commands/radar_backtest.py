"""``manage.py radar_backtest``: how often the failure-mode radar's highest mode matched the failure mode recorded
on the stopped initiatives, with the figures per mode."""

from django.core.management.base import BaseCommand

from analytics.radar import MODES
from analytics.selectors.radar import radar_backtest


class Command(BaseCommand):
    help = "Back-test the failure-mode radar on the stopped initiatives with a recorded failure mode."

    def handle(self, *args, **options):
        result = radar_backtest()
        rate = "—" if result.hit_rate is None else f"{result.hit_rate * 100:.1f}%"
        self.stdout.write(f"Radar back-test: n={result.n} hits={result.hits} hit rate={rate}")
        for mode in MODES:
            figures = result.per_mode[mode]
            if figures["n"]:
                self.stdout.write(f"  {mode}: n={figures['n']} hits={figures['hits']}")
        for row, recorded in result.rows:
            verdict = "hit" if row.top == recorded else "miss"
            self.stdout.write(f"  {row.initiative.key} recorded={recorded} radar={row.top or '—'} {verdict}")
