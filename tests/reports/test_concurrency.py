"""Two freezes of the same month at once (beat twice, or beat and the CoE): one pack, the other finds it taken."""

import pytest
from django.utils import timezone

from reports.models import BoardPack
from reports.services import board_pack_store
from tests.factories import make_initiative
from tests.governance.services.test_concurrency import run_together

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def test_two_freezes_at_once_write_one_pack(coe, units, owner):
    make_initiative(coe=coe, business_unit=units["retail"], owner=owner)
    today = timezone.localdate()
    results = run_together(
        lambda: board_pack_store(actor=None, today=today), lambda: board_pack_store(actor=coe, today=today)
    )
    assert [kind for kind, _value in results] == ["ok", "ok"], results
    written = [value for _kind, value in results if value is not None]
    assert len(written) == 1
    (pack,) = BoardPack.objects.all()
    assert pack.pk == written[0].pk
    assert pack.snapshot["sections"]["funnel"]["total"] == 1
