"""The portfolio board: first cards per column, column totals and health flags, checked against a plain Python
computation over every visible initiative; constant queries whatever the portfolio; the CSV still has every row."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adoption.choices import CriterionStatus, FailureMode, Phase, Role, Status
from adoption.models import GateCriterion, Initiative, RoiVersion
from adoption.selectors.funnel import status_counts
from adoption.services.roi import roi_version_append
from governance import access
from governance.choices import ReviewStatus
from governance.models import GateReview
from governance.selectors.board import COLUMNS, HEALTH_FLAGS, board_cards, board_columns, filter_board
from governance.services.lifecycle import initiative_void
from governance.services.reviews import gate_review_request
from tests.factories import UserFactory, grant, make_initiative, satisfy_gate
from tests.factories.adoption import roi_values

LIMIT = 2
DAY = datetime.timedelta(days=1)


def _set(initiative, **fields) -> None:
    """Set-up only: put an initiative in a state the lifecycle services have their own tests for."""
    Initiative.objects.filter(pk=initiative.pk).update(**fields)


class Board:
    """A portfolio spread over every column, two units and several deadlines, with each health flag somewhere."""

    def __init__(self, *, coe, units, owner, sponsor):
        self.coe, self.units, self.owner, self.sponsor = coe, units, owner, sponsor
        self.now = timezone.now()
        self.count = 0
        self.officer = UserFactory(username="board-officer")
        grant(self.officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
        self.executive = UserFactory(username="board-executive")
        grant(self.executive, Role.EXECUTIVE)
        self.grow(7)

    def grow(self, rounds: int) -> None:
        """``rounds`` more initiatives in each column, alternating units and deadlines (some already past)."""
        for _ in range(rounds):
            for column, _label in COLUMNS:
                self.count += 1
                self._one(column)

    def _one(self, column: str) -> None:
        n = self.count
        unit = self.units["cards"] if n % 3 == 0 else self.units["retail"] if n % 3 == 1 else self.units["insurance"]
        initiative = make_initiative(
            coe=self.coe, business_unit=unit, owner=self.owner, sponsor=self.sponsor, title=f"Board {n}"
        )
        if n % 4 == 0:
            initiative = satisfy_gate(initiative)
            review = gate_review_request(actor=self.owner, initiative=initiative)
            # Every other review has waited more than a week.
            if n % 8 == 0:
                GateReview.objects.filter(pk=review.pk).update(requested_at=self.now - 9 * DAY)
        if n % 5 == 0:
            roi_version_append(actor=self.owner, initiative=initiative, **roi_values())
        if n % 6 == 0:
            GateCriterion.objects.filter(pk=initiative.criteria.filter(phase=initiative.phase).first().pk).update(
                status=CriterionStatus.STALE
            )
        # Deadlines spread over a month either side of now, with ties broken by number.
        entered = self.now - 60 * DAY
        deadline = self.now + ((n * 7) % 31 - 15) * DAY
        fields = {"phase_entered_at": entered, "planned_phase_end": deadline}
        if column in (Phase.VALIDATION, Phase.SCALING):
            fields["phase"] = column
        elif column == Status.ON_HOLD:
            fields.update(status=Status.ON_HOLD, status_before_hold=Status.ACTIVE, hold_started_at=self.now - DAY)
        elif column == Status.IN_PRODUCTION:
            fields.update(status=Status.IN_PRODUCTION, phase=Phase.SCALING, production_entered_at=self.now - DAY)
        elif column == Status.STOPPED:
            mode = FailureMode.values[n % len(FailureMode.values)]
            fields.update(status=Status.STOPPED, stopped_at=self.now - DAY, stop_primary_failure_mode=mode)
        elif column == Status.RETIRED:
            fields.update(status=Status.RETIRED, phase=Phase.SCALING, retired_at=self.now - DAY)
        _set(initiative, **fields)


@pytest.fixture
def board(coe, units, owner, sponsor):
    return Board(coe=coe, units=units, owner=owner, sponsor=sponsor)


def expected_columns(initiatives, *, now, limit: int) -> dict[str, tuple[int, list[tuple]]]:
    """Every column worked out the plain way: all visible initiatives in Python, their flags one query at a time."""
    today = timezone.localdate(now)
    by_column: dict[str, list[Initiative]] = {key: [] for key, _label in COLUMNS}
    for initiative in initiatives:
        column = initiative.phase if initiative.status == Status.ACTIVE else initiative.status
        by_column[column].append(initiative)
    result = {}
    for key, cards in by_column.items():
        cards.sort(key=lambda i: (i.planned_phase_end, i.number))
        shown = []
        for initiative in cards[:limit]:
            in_phase = initiative.status in (Status.ACTIVE, Status.ON_HOLD)
            criteria = GateCriterion.objects.filter(initiative=initiative, phase=initiative.phase)
            flags = (
                initiative.status == Status.ACTIVE and initiative.planned_phase_end <= now,
                in_phase
                and any(
                    c.effective_status(today) == CriterionStatus.STALE for c in criteria.select_related("template")
                ),
                in_phase and not RoiVersion.objects.filter(initiative=initiative, phase=initiative.phase).exists(),
                GateReview.objects.filter(
                    initiative=initiative, status=ReviewStatus.OPEN, requested_at__lt=now - 7 * DAY
                ).exists(),
            )
            shown.append((initiative.key, *flags))
        result[key] = (len(cards), shown)
    return result


def shown_columns(columns) -> dict[str, tuple[int, list[tuple]]]:
    return {
        column.key: (
            column.total,
            [
                (card.key, card.flag_overdue, card.flag_stale, card.flag_no_roi, card.flag_review_waiting)
                for card in column.cards
            ],
        )
        for column in columns
    }


@pytest.mark.parametrize("limit", [LIMIT, 100])
@pytest.mark.parametrize("who", ["executive", "officer"])
def test_board_shows_the_first_cards_totals_and_flags_of_every_column(board, who, limit):
    user = getattr(board, who)
    columns = board_columns(board_cards(user=user), limit=limit)
    visible = list(access.visible_initiatives(user=user))
    assert shown_columns(columns) == expected_columns(visible, now=timezone.now(), limit=limit)
    shown = [card for column in columns for card in column.cards]
    if limit == LIMIT:
        # The portfolio is big enough that every column hides cards.
        assert all(column.hidden > 0 for column in columns)
        assert len(shown) == LIMIT * len(COLUMNS)
    else:
        assert len(shown) == len(visible)
        # Each flag is on some cards and not on others, and the card lists the labels of its flags.
        for name, label, _warning in HEALTH_FLAGS:
            assert any(getattr(card, name) for card in shown), name
            assert not all(getattr(card, name) for card in shown), name
            assert all((label in [text for text, _w in card.flags]) == getattr(card, name) for card in shown)


def test_scoped_board_counts_only_the_units_in_scope(board, units):
    columns = board_columns(board_cards(user=board.officer), limit=LIMIT)
    in_scope = Initiative.objects.filter(business_unit__in=[units["retail"], units["cards"]])
    assert sum(column.total for column in columns) == in_scope.count() < Initiative.objects.count()
    keys = {card.key for column in columns for card in column.cards}
    assert keys <= set(in_scope.values_list("key", flat=True))


def test_a_direct_grant_adds_its_initiative_to_the_scoped_board(board, units):
    outside = Initiative.objects.filter(business_unit=units["insurance"], status=Status.RETIRED).order_by(
        "planned_phase_end", "number"
    )[0]
    before = {c.key: c.total for c in board_columns(board_cards(user=board.officer), limit=100)}
    grant(board.officer, Role.COMPLIANCE_OFFICER, initiative=outside, by=board.coe)
    columns = {c.key: c for c in board_columns(board_cards(user=board.officer), limit=100)}
    assert columns[Status.RETIRED].total == before[Status.RETIRED] + 1
    assert outside.key in [card.key for card in columns[Status.RETIRED].cards]


@pytest.mark.parametrize(
    ("filters", "columns_left"),
    [
        ({"overdue": True}, {Phase.EXPLORATION, Phase.VALIDATION, Phase.SCALING}),
        ({"failure_mode": FailureMode.values[1]}, {Status.STOPPED}),
        ({"text": "Board 1"}, None),
    ],
)
def test_filters_narrow_totals_and_cards_alike(board, filters, columns_left):
    now = timezone.now()
    cards = filter_board(board_cards(user=board.executive, now=now), now=now, **filters)
    columns = board_columns(cards, limit=LIMIT)
    assert shown_columns(columns) == expected_columns(list(cards), now=now, limit=LIMIT)
    nonempty = {column.key for column in columns if column.total}
    assert nonempty
    if columns_left is not None:
        assert nonempty == columns_left


@pytest.mark.parametrize("who", ["executive", "officer"])
def test_board_queries_do_not_grow_with_the_portfolio(board, who):
    user = getattr(board, who)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            columns = board_columns(filter_board(board_cards(user=user)), limit=LIMIT)
            for column in columns:
                for card in column.cards:
                    assert card.unit_name
                    assert card.owner_name
        return len(context)

    small = count()
    board.grow(3)
    assert count() == small


def test_board_page_shows_the_limit_and_the_csv_every_row(board, client, monkeypatch):
    monkeypatch.setattr("governance.selectors.board.COLUMN_LIMIT", LIMIT)
    client.force_login(board.officer)
    html = client.get(reverse("governance:board")).content.decode()
    visible = access.visible_initiatives(user=board.officer)
    shown = [key for key in visible.values_list("key", flat=True) if f">{key}</span>" in html]
    assert len(shown) == LIMIT * len(COLUMNS)
    assert "more — narrow the filters or export the CSV" in html

    response = client.get(reverse("governance:board_csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert sorted(row[0] for row in rows[1:]) == sorted(visible.values_list("key", flat=True))
    flagged = {row[0]: row[11:15] for row in rows[1:]}
    waiting = GateReview.objects.filter(status=ReviewStatus.OPEN, requested_at__lt=timezone.now() - 7 * DAY)
    expected_waiting = set(visible.filter(pk__in=waiting.values("initiative_id")).values_list("key", flat=True))
    assert expected_waiting
    assert {key for key, flags in flagged.items() if flags[3] == "yes"} == expected_waiting


def test_owner_filter_takes_a_name_or_username_and_suggests_owners_in_scope(board, client, owner, units):
    stranger = UserFactory(username="owner-elsewhere", first_name="Owen")
    make_initiative(coe=board.coe, business_unit=units["insurance"], owner=stranger, title="Not for retail")
    client.force_login(board.officer)
    suggestions = client.get(reverse("governance:board_owners"), {"owner": "own"}).content.decode()
    # Each suggestion is the name cards show, with the login name beside it.
    assert f'value="{owner.get_full_name()}">owner</option>' in suggestions
    assert "owner-elsewhere" not in suggestions  # owns nothing the officer sees
    client.force_login(board.executive)
    suggestions = client.get(reverse("governance:board_owners"), {"owner": "owen"}).content.decode()
    assert f'value="{stranger.get_full_name()}">owner-elsewhere</option>' in suggestions
    assert client.get(reverse("governance:board_owners"), {"owner": ""}).content.decode().strip() == ""

    html = client.get(reverse("governance:board"), {"owner": "owner-elsewhere"}).content.decode()
    assert "Not for retail" in html
    assert "Board 1<" not in html
    # The name on the cards finds the same owner.
    html = client.get(reverse("governance:board"), {"owner": stranger.get_full_name()}).content.decode()
    assert "Not for retail" in html
    assert "Board 1<" not in html
    # Labels on the cards: the risk tier, the failure mode of a stopped one; in the user's language.
    html = client.get(reverse("governance:board")).content.decode()
    assert '<span class="badge r-limited">Limited</span>' in html
    assert '<span class="badge r-unassessed">Not yet assessed</span>' in html
    stopped = Initiative.objects.filter(status=Status.STOPPED).order_by("planned_phase_end", "number").first()
    assert f'<div class="meta">{stopped.get_stop_primary_failure_mode_display()}</div>' in html
    assert "Review waiting over 7 days" in html
    client.post(reverse("governance:language"), {"language": "zh-hant", "next": "/"})
    html = client.get(reverse("governance:board")).content.decode()
    assert '<span class="badge r-limited">有限</span>' in html
    client.post(reverse("governance:language"), {"language": "en", "next": "/"})
    html = client.get(reverse("governance:board"), {"owner": "nobody-at-all"}).content.decode()
    assert "Nobody called “nobody-at-all” owns an initiative you see." in html
    assert "Board 1<" in html  # the unknown owner is reported and ignored


def test_owner_suggestions_need_a_sign_in_and_show_only_owners_in_scope(board, client, owner):
    url = reverse("governance:board_owners")
    response = client.get(url, {"owner": "own"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    client.force_login(UserFactory(username="no-roles"))
    response = client.get(url, {"owner": "own"})
    assert response.status_code == 200
    assert ">owner</option>" not in response.content.decode()


def _totals(columns) -> dict[str, int]:
    return {column.key: column.total for column in columns}


@pytest.mark.parametrize("who", ["executive", "officer"])
def test_running_totals_give_the_board_the_counted_totals(board, units, who):
    user = getattr(board, who)
    for unit in (None, units["retail"], units["insurance"]):
        cards = filter_board(board_cards(user=user), business_unit=unit)
        counted = _totals(board_columns(cards, limit=LIMIT))
        assert counted == _totals(
            board_columns(cards, limit=LIMIT, counts=status_counts(user=user, business_unit=unit))
        )
    insurance = Initiative.objects.filter(business_unit=units["insurance"]).count()
    assert sum(counted.values()) == (0 if who == "officer" else insurance) > 0 or who == "officer"


def test_a_voided_initiative_leaves_the_board_totals_at_once(board, client):
    client.force_login(board.executive)
    before = client.get(reverse("governance:board")).content.decode()
    assert f"<strong>{7 * len(COLUMNS)} initiatives</strong>" in before
    first = Initiative.objects.filter(status=Status.ACTIVE, phase=Phase.EXPLORATION).order_by("number").first()
    initiative_void(actor=board.coe, initiative=first, reason="Registered twice by mistake.")
    after = client.get(reverse("governance:board")).content.decode()
    assert f"<strong>{7 * len(COLUMNS) - 1} initiatives</strong>" in after


def test_an_initiative_granted_alone_is_counted_from_its_row(board, units):
    """Outside the units one sees whole, an initiative granted by itself is counted from the rows."""
    elsewhere = Initiative.objects.filter(business_unit=units["insurance"]).order_by("number").first()
    grant(board.officer, Role.COMPLIANCE_OFFICER, initiative=elsewhere, by=board.coe)
    assert status_counts(user=board.officer) is None
    columns = board_columns(board_cards(user=board.officer), limit=LIMIT)
    assert (
        sum(_totals(columns).values())
        == Initiative.objects.filter(business_unit__in=[units["retail"], units["cards"]]).count() + 1
    )


def test_unit_filter_takes_a_code_a_name_or_an_old_id_and_suggests_units_in_scope(board, client, units):
    client.force_login(board.officer)
    url = reverse("governance:board_units")
    suggestions = client.get(url, {"business_unit": "a"}).content.decode()
    # The name the cards show, with the code beside it; only units with an initiative the officer sees, or above one.
    assert '<option value="Retail Banking">retail</option>' in suggestions
    assert '<option value="Cards">cards</option>' in suggestions
    assert "insurance" not in suggestions
    assert client.get(url, {"business_unit": " "}).content.decode().strip() == ""
    cards_only = Initiative.objects.filter(business_unit=units["cards"]).count()
    for typed in ("cards", "CARDS", "Cards", str(units["cards"].pk)):
        html = client.get(reverse("governance:board"), {"business_unit": typed}).content.decode()
        assert f"<strong>{cards_only} initiatives</strong>" in html, typed
        assert "errorlist" not in html
    # An id (older links and saved views) is shown as the unit's code.
    html = client.get(reverse("governance:board"), {"business_unit": str(units["cards"].pk)}).content.decode()
    assert 'name="business_unit" value="cards"' in html
    # The unit and its sub-units.
    retail = Initiative.objects.filter(business_unit__in=[units["retail"], units["cards"]]).count()
    html = client.get(reverse("governance:board"), {"business_unit": "Retail Banking"}).content.decode()
    assert f"<strong>{retail} initiatives</strong>" in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("insurance", "No business unit you see is called “insurance”."),
        ("no such unit", "No business unit you see is called “no such unit”."),
        ("r", "Several business units match “r”: choose one from the suggestions or type its code."),
        (str(10**12), f"No business unit you see is called “{10**12}”."),
    ],
)
def test_a_unit_not_understood_is_said_and_ignored(board, client, units, typed, message):
    client.force_login(board.officer)
    everything = Initiative.objects.filter(business_unit__in=[units["retail"], units["cards"]]).count()
    for headers in ({}, {"HX-Request": "true"}):
        for name in ("governance:board", "governance:portfolio_table"):
            response = client.get(reverse(name), {"business_unit": typed}, headers=headers)
            assert response.status_code == 200
            html = response.content.decode()
            assert message in html, (name, headers)
        assert (
            f"<strong>{everything} initiatives</strong>"
            in client.get(reverse("governance:board"), {"business_unit": typed}, headers=headers).content.decode()
        )


def test_unit_suggestions_need_a_sign_in(db, client):
    response = client.get(reverse("governance:board_units"), {"business_unit": "retail"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    client.force_login(UserFactory(username="no-roles-at-all"))
    assert client.get(reverse("governance:board_units"), {"business_unit": "r"}).content.decode().strip() == ""


def test_an_oversized_unit_filter_is_refused_in_words(board, client):
    client.force_login(board.officer)
    typed = "retail " * 2000
    assert client.get(reverse("governance:board_units"), {"business_unit": typed}).status_code == 200
    response = client.get(reverse("governance:board"), {"business_unit": typed})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
