"""The board pack's value section: board_pack_value's JSON rendered by templates/boardpack/value.html in each
language, with the figures a reader checks."""

import datetime
from decimal import Decimal as D

from django.template.loader import render_to_string
from django.utils import timezone, translation

from adoption.choices import Role
from adoption.services.roi import realised_value_record
from finance.selectors import board_pack_value
from finance.services import value_confirm
from tests.factories import UserFactory, grant


def test_the_value_section_renders_the_frozen_figures_in_each_language(initiative, owner, coe, units):
    controller = UserFactory(username="controller")
    grant(controller, Role.FINANCE_CONTROLLER, by=coe)
    entry = realised_value_record(
        actor=owner,
        initiative=initiative,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 1, 31),
        currency="EUR",
        rate_to_reporting=D("1"),
        benefit_cash_saving=D("12345"),
    )
    value_confirm(actor=controller, entry=entry, status="adjusted", cash_saving=D("10000"), comment="Net of fees.")
    pack = board_pack_value(timezone.localdate())
    for language, words in (("en", "Confirmed by finance"), ("zh-hant", None), ("zh-hans", None)):
        with translation.override(language):
            html = render_to_string("boardpack/value.html", {"section": pack})
        row = html[html.index('data-group="retail"') :]
        assert "12,345" in row[:600]
        assert "10,000" in row[:600]
        if words:
            assert words in html
        assert "/finance/claims/" not in html  # a frozen paper links nowhere
