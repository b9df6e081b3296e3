"""The portfolio table: every sortable column orders the rows as a plain Python sort would, pages follow each other
without gaps, the owner filter finds people by the name pages show, and a page costs one query at any size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from adoption.choices import Phase, RiskTier, Role, Status
from adoption.models import Initiative
from adoption.selectors.people import owners_matching, owners_named
from adoption.services.roi import roi_version_append
from governance.selectors import board as board_selectors
from governance.selectors.board import TABLE_SORTS, board_cards, filter_board, portfolio_table, table_sort
from tests.factories import UserFactory, grant, make_initiative
from tests.factories.adoption import roi_values


@pytest.fixture
def portfolio(coe, units, sponsor):
    """Eight initiatives of three owners in two units, with varied phases, tiers, deadlines and ROI."""
    olivia = UserFactory(username="owner-a", first_name="Olivia", last_name="Ong")
    bo = UserFactory(username="owner-b", first_name="Bo", last_name="Chen")
    zed = UserFactory(username="zed", first_name="", last_name="")
    owners = [olivia, bo, zed]
    tiers = [RiskTier.HIGH, RiskTier.MINIMAL, RiskTier.LIMITED, RiskTier.UNASSESSED]
    made = []
    for n in range(8):
        unit = units["retail"] if n % 2 else units["insurance"]
        initiative = make_initiative(
            coe=coe, business_unit=unit, owner=owners[n % 3], sponsor=sponsor, title=f"Tool {'ZYXWVUTS'[n]}"
        )
        fields = {"risk_tier": tiers[n % 4], "phase": [Phase.EXPLORATION, Phase.VALIDATION, Phase.SCALING][n % 3]}
        fields["planned_phase_end"] = initiative.phase_entered_at + (10 + (n * 5) % 17) * initiative_day()
        if n == 5:
            fields.update(status=Status.STOPPED, stopped_at=initiative.phase_entered_at)
        Initiative.objects.filter(pk=initiative.pk).update(**fields)
        if n % 3 != 2:
            roi_version_append(
                actor=coe, initiative=initiative, **roi_values(benefit_cash_saving=str(1000 * ((n * 7) % 8)))
            )
        made.append(initiative)
    return {"olivia": olivia, "bo": bo, "zed": zed, "initiatives": made}


def initiative_day():
    return datetime.timedelta(days=1)


def python_order(rows, column):
    """The expected order of ``rows`` (initiatives reloaded from the database) by ``column``, ascending."""
    phases, statuses, tiers = list(Phase.values), list(Status.values), list(RiskTier.values)
    keys = {
        "key": lambda i: (),
        "title": lambda i: (i.title.lower(),),
        "phase": lambda i: (phases.index(i.phase), statuses.index(i.status)),
        "unit": lambda i: (i.business_unit.name.lower(),),
        "owner": lambda i: (i.owner.first_name.lower(), i.owner.last_name.lower(), i.owner.username.lower()),
        "deadline": lambda i: (i.planned_phase_end,),
        "risk": lambda i: (tiers.index(i.risk_tier),),
    }
    return sorted(rows, key=lambda i: (*keys[column](i), i.number))


def latest_net(initiative):
    latest = initiative.roi_versions.order_by("-version").first()
    return latest.reporting_net_annual_value if latest else None


@pytest.mark.parametrize("column", [c for c in TABLE_SORTS if c != "net_value"])
@pytest.mark.parametrize("descending", [False, True])
def test_each_column_sorts_both_ways(portfolio, coe, column, descending):
    rows = Initiative.objects.select_related("business_unit", "owner")
    expected = [i.key for i in python_order(list(rows), column)]
    if descending:
        expected.reverse()
    page = portfolio_table(board_cards(user=coe), sort=("-" if descending else "") + column)
    assert [row.key for row in page.object_list] == expected


def test_net_value_sorts_with_the_initiatives_without_an_estimate_last(portfolio, coe):
    everything = list(Initiative.objects.all())
    with_value = sorted((i for i in everything if latest_net(i) is not None), key=lambda i: (latest_net(i), i.number))
    without = sorted((i for i in everything if latest_net(i) is None), key=lambda i: i.number)
    assert with_value
    assert without
    page = portfolio_table(board_cards(user=coe), sort="net_value")
    assert [row.key for row in page.object_list] == [i.key for i in with_value + without]
    assert [row.net_value for row in page.object_list][: len(with_value)] == [latest_net(i) for i in with_value]
    page = portfolio_table(board_cards(user=coe), sort="-net_value")
    descending = sorted(with_value, key=lambda i: (latest_net(i), i.number), reverse=True)
    assert [row.key for row in page.object_list] == [i.key for i in descending + list(reversed(without))]


def test_an_unknown_sort_is_the_key(portfolio, coe):
    assert table_sort("-password") == ("key", False)
    page = portfolio_table(board_cards(user=coe), sort="-password")
    assert [row.key for row in page.object_list] == sorted(i.key for i in portfolio["initiatives"])


def test_pages_follow_each_other_and_a_deep_page_is_capped(portfolio, coe, monkeypatch):
    monkeypatch.setattr(board_selectors, "TABLE_PAGE_SIZE", 3)
    keys = []
    for number in (1, 2, 3):
        page = portfolio_table(board_cards(user=coe), sort="owner", page=number)
        keys += [row.key for row in page.object_list]
    assert keys == [i.key for i in python_order(list(Initiative.objects.select_related("owner")), "owner")]
    assert page.paginator.count == 8
    assert not page.has_next()
    monkeypatch.setattr(board_selectors, "TABLE_MAX_PAGES", 2)
    page = portfolio_table(board_cards(user=coe), sort="owner", page=3)
    assert page.number == 2
    assert page.capped
    assert portfolio_table(board_cards(user=coe), page="junk").number == 1


def test_a_scoped_person_sees_only_their_unit(portfolio, units, coe):
    officer = UserFactory(username="table-officer")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    page = portfolio_table(board_cards(user=officer), sort="title")
    retail = Initiative.objects.filter(business_unit=units["retail"])
    assert sorted(row.key for row in page.object_list) == sorted(retail.values_list("key", flat=True))
    assert page.paginator.count == retail.count() < Initiative.objects.count()


@pytest.mark.parametrize("text", ["Olivia", "olivia ong", "Ong Olivia", "owner-a", "OLIV"])
def test_the_owner_filter_finds_people_by_the_names_pages_show(portfolio, coe, text):
    owners = owners_named(user=coe, text=text)
    assert owners == [portfolio["olivia"]]
    keys = {row.key for row in portfolio_table(filter_board(board_cards(user=coe), owners=owners)).object_list}
    assert keys == {i.key for i in portfolio["initiatives"] if i.owner_id == portfolio["olivia"].pk}


def test_an_exact_login_name_wins_over_a_partial_name(portfolio, coe):
    # "zed" is a login name; "Zedd" contains it. Choosing the suggestion "zed" means zed alone.
    zedd = UserFactory(username="zedd-two", first_name="Zedd", last_name="Two")
    make_initiative(coe=coe, business_unit=portfolio["initiatives"][0].business_unit, owner=zedd)
    assert owners_named(user=coe, text="zed") == [portfolio["zed"]]
    assert set(owners_named(user=coe, text="ze")) == {portfolio["zed"], zedd}
    assert owners_named(user=coe, text="  ") == []


def test_owner_suggestions_and_names_are_limited_to_owners_the_viewer_sees(portfolio, units, coe):
    officer = UserFactory(username="table-officer")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    hidden = UserFactory(username="hidden-owner", first_name="Olivier", last_name="Secret")
    make_initiative(coe=coe, business_unit=units["insurance"], owner=hidden)
    retail_owners = set(Initiative.objects.filter(business_unit=units["retail"]).values_list("owner", flat=True))
    assert hidden.pk not in retail_owners
    assert [p.pk for p in owners_matching(user=officer, text="Oliv")] == [
        p.pk for p in [portfolio["olivia"]] if p.pk in retail_owners
    ]
    assert owners_named(user=officer, text="Olivier") == []
    assert {p.pk for p in owners_matching(user=coe, text="Oliv")} == {portfolio["olivia"].pk, hidden.pk}


@pytest.mark.parametrize("sort", ["key", "-owner", "net_value", "phase"])
def test_a_table_page_costs_two_queries_at_any_size(portfolio, coe, units, sort):
    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            page = portfolio_table(filter_board(board_cards(user=coe), risk_tier=""), sort=sort)
            for row in page.object_list:
                assert row.business_unit.name
                assert row.owner_name
                assert row.risk_label
        return len(context)

    small = count()
    for n in range(12):
        make_initiative(coe=coe, business_unit=units["cards"], owner=portfolio["bo"], title=f"More {n}")
    # The viewer's scope (one query) and the page with its total (one).
    assert count() == small == 2


def test_the_table_page_shows_sorted_rows_and_links_to_the_board(portfolio, coe, client):
    client.force_login(coe)
    response = client.get(reverse("governance:portfolio_table"), {"sort": "-title", "owner": "Olivia"})
    html = response.content.decode()
    assert response.status_code == 200
    olivia = [i for i in portfolio["initiatives"] if i.owner_id == portfolio["olivia"].pk]
    expected = sorted(olivia, key=lambda i: i.title.lower(), reverse=True)
    positions = [html.index(f">{i.title}</a>") for i in expected]
    assert positions == sorted(positions)
    assert 'aria-sort="descending"' in html
    assert f'href="{reverse("governance:board")}?owner=Olivia"' in html
    others = [i for i in portfolio["initiatives"] if i.owner_id != portfolio["olivia"].pk]
    assert not any(f">{i.title}</a>" in html for i in others)


def test_an_owner_nobody_is_called_is_reported(portfolio, coe, client):
    client.force_login(coe)
    html = client.get(reverse("governance:portfolio_table"), {"owner": "Nobody"}, headers={"HX-Request": "true"})
    text = html.content.decode()
    assert "Nobody called “Nobody” owns an initiative you see." in text
    assert all(f">{i.title}</a>" in text for i in portfolio["initiatives"])


def test_the_sort_names_a_saved_view_may_hold_are_the_tables_columns():
    from adoption.filters import SORT_NAMES

    assert tuple(TABLE_SORTS) == SORT_NAMES
