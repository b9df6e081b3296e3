import pytest

from adoption.models import Initiative
from analytics.selectors.kill_list import board_pack_kill_list
from analytics.selectors.radar import radar_backtest, radar_of
from analytics.selectors.vendors import board_pack_vendors
from django.utils import timezone


@pytest.mark.usefixtures("demo")
@pytest.mark.django_db
def test_probe():
    import json

    print(json.dumps(board_pack_kill_list(timezone.localdate()), indent=1, ensure_ascii=False))
    print(json.dumps(board_pack_vendors(timezone.localdate()), indent=1, ensure_ascii=False))
    b = radar_backtest()
    print(b.n, b.hits, b.hit_rate, b.per_mode)
    for row, rec in b.rows:
        print(row.initiative.key, row.initiative.title, row.signals, row.scores, row.top, rec)
    for row in radar_of(Initiative.objects.all(), now=timezone.now()):
        print(row.initiative.key, row.initiative.status, row.signals, row.top)
