"""The initiative page answers the access question once and reads itself in a fixed number of queries: at most 15
once its viewer-independent panels are cached, the same for a portfolio of 3 initiatives as of 15 and for an
initiative with a handful of criteria and slots as for one with many; and its cached panels never show one
viewer's actions to another, and change when the initiative's records do."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adoption.choices import Role
from adoption.models import GateCriterion
from adoption.services import roi as roi_services
from governance import access
from governance.models import ReviewSlot
from governance.services.reviews import gate_review_request
from tests.factories import make_initiative, satisfy_gate
from tests.factories.adoption import roi_values

from .support import grow, queries_for

CEILING = 15


def _more_criteria(initiative, count: int) -> None:
    """``count`` more met criteria in the initiative's current phase (set-up only)."""
    template = GateCriterion.objects.filter(initiative=initiative, phase=initiative.phase).first().template
    for n in range(count):
        GateCriterion.objects.create(
            initiative=initiative,
            phase=initiative.phase,
            template=template,
            code=f"extra-{n}",
            order=100 + n,
            status="met",
            evidence_date=timezone.localdate(),
        )


def _more_slots(review, count: int) -> None:
    """``count`` more slots on ``review``, as a higher risk tier would ask for (set-up only)."""
    for n in range(count):
        ReviewSlot.objects.create(review=review, role=Role.COMPLIANCE_OFFICER, ordinal=2 + n, order=50 + n)


def _counts(client, url: str) -> tuple[int, int]:
    """(queries with the panels' cache empty, queries once they are cached)."""
    cache.clear()
    cold = queries_for(client, url)
    return cold, queries_for(client, url)


def _shapes(coe, units, owner, sponsor):
    """Two initiatives of the retail unit: one whose gate is met and no review open, one under review."""
    plain = satisfy_gate(make_initiative(coe=coe, business_unit=units["retail"], owner=owner, sponsor=sponsor))
    reviewed = satisfy_gate(
        make_initiative(coe=coe, business_unit=units["retail"], owner=owner, sponsor=sponsor, title="Under review")
    )
    return plain, reviewed, gate_review_request(actor=owner, initiative=reviewed)


@pytest.mark.parametrize("viewer", ["officer", "owner", "coe", "executive"])
def test_the_initiative_page_is_read_in_a_fixed_number_of_queries(client, cast, coe, units, owner, sponsor, viewer):
    plain, reviewed, review = _shapes(coe, units, owner, sponsor)
    grow(coe=coe, unit=units["retail"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=3)
    client.force_login(cast[viewer])
    urls = [reverse("governance:initiative", args=[i.key]) for i in (plain, reviewed)]
    small = [_counts(client, url) for url in urls]

    # A larger portfolio, and larger initiatives: many more criteria, three slots more.
    grow(coe=coe, unit=units["cards"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=12, start=3)
    for initiative in (plain, reviewed):
        _more_criteria(initiative, 10)
    _more_slots(review, 3)
    large = [_counts(client, url) for url in urls]

    assert large == small
    for cold, warm in small:
        assert warm <= CEILING
        assert warm < cold  # the cached panels are read only when missing


def test_the_access_question_is_asked_once(client, cast, review):
    """However many rules, selectors and template tags ask, the person's roles and permissions on the initiative
    are read in one query per request."""
    client.force_login(cast["officer"])
    url = reverse("governance:initiative", args=[review.initiative.key])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    permission_reads = [
        q["sql"] for q in captured.captured_queries if "objectpermission" in q["sql"] and "codename" in q["sql"]
    ]
    assert len(permission_reads) == 1


def test_two_viewers_of_the_same_initiative_see_their_own_actions(client, cast, review, owner):
    """The cached panels are shared; the actions beside them are each viewer's own."""
    url = reverse("governance:initiative", args=[review.initiative.key])
    client.force_login(owner)
    as_owner = client.get(url).content.decode()
    client.force_login(cast["executive"])
    as_executive = client.get(url).content.decode()
    client.force_login(owner)
    as_owner_again = client.get(url).content.decode()

    edit = reverse("governance:edit_initiative", args=[review.initiative.key])
    assert f'action="{edit}"' in as_owner
    assert f'action="{edit}"' not in as_executive
    assert "Your role gives you read access to this initiative." in as_executive
    assert "Your role gives you read access to this initiative." not in as_owner
    assert f'action="{edit}"' in as_owner_again
    # The shared panels read the same for both.
    for marker in ('id="h-roi"', 'id="h-selection"', 'class="steps"'):
        assert marker in as_owner
        assert marker in as_executive


def test_a_cached_panel_changes_when_the_initiative_does(client, cast, ready, owner):
    """A new ROI estimate (recorded through its service, which audits it) shows at once, cached panel or not."""
    url = reverse("governance:initiative", args=[ready.key])
    client.force_login(cast["executive"])
    before = client.get(url).content.decode()
    assert "No ROI estimate recorded yet." in before
    roi_services.roi_version_append(actor=owner, initiative=ready, **roi_values())
    after = client.get(url).content.decode()
    assert "No ROI estimate recorded yet." not in after
    assert "v1 · " in after


def test_a_cached_panel_follows_the_language(client, cast, ready):
    url = reverse("governance:initiative", args=[ready.key])
    client.force_login(cast["executive"])
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    chinese = client.get(url, headers={"accept-language": "zh-hant"}).content.decode()
    assert "No ROI estimate recorded yet." in english
    assert "No ROI estimate recorded yet." not in chinese


def test_the_memo_ends_with_the_block(cast, ready, coe):
    """Inside ``answered_once`` a permission granted meanwhile is not seen (one answer per request); outside, and in
    a fresh block, it is, and a service's fresh facts always see it."""
    from governance.services.roles import role_grant

    person = cast["newcomer"]
    with access.answered_once(person):
        assert access.access_facts(user=person, initiative=ready).perms == frozenset()
        role_grant(actor=coe, user=person, role=Role.EXECUTIVE)
        assert access.access_facts(user=person, initiative=ready).perms == frozenset()
        assert "view_initiative" in access.access_facts(user=person, initiative=ready, fresh=True).perms
    assert access._memo_of(person) is None
    assert "view_initiative" in access.initiative_permissions(user=person, initiative=ready)


def test_a_tag_put_on_after_a_render_shows_on_the_next(client, cast, ready, coe):
    """The tags are cached with the page's panels, by the initiative's audit chain: a tag put on through the
    service appears on the next render."""
    from adoption.services.tags import initiative_tag, tag_create

    url = reverse("governance:initiative", args=[ready.key])
    client.force_login(cast["executive"])
    assert "Wave 7" not in client.get(url).content.decode()
    tag = tag_create(actor=coe, code="wave-7", name="Wave 7")
    initiative_tag(actor=coe, initiative=ready, add=[tag])
    assert "Wave 7" in client.get(url).content.decode()


def test_the_api_answers_the_access_question_once(client, cast, review):
    client.force_login(cast["officer"])
    key = review.initiative.key
    for url in (f"/api/v1/initiatives/{key}/", f"/api/v1/initiatives/{key}/actions/"):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        reads = [q for q in captured.captured_queries if "objectpermission" in q["sql"] and "codename" in q["sql"]]
        assert len(reads) == 1, url


def test_a_cached_panel_follows_the_date_style(client, cast, ready, coe):
    """Two readers of one language: one reads dates in the language's style, the other in ISO 8601. The panels one
    of them filled are not shown to the other in the wrong style."""
    from governance.services.preferences import user_locale_set

    user_locale_set(actor=coe, language="en", time_zone=timezone.get_current_timezone_name(), date_style="iso")
    url = reverse("governance:initiative", args=[ready.key])
    entered = timezone.localdate(ready.phase_entered_at)
    in_words = f"{entered.day} {entered:%b %Y}"  # English's format, "5 Dec 2026"
    client.force_login(cast["executive"])
    by_language = client.get(url).content.decode()
    client.force_login(coe)
    by_iso = client.get(url).content.decode()
    assert in_words in by_language
    assert in_words not in by_iso
    assert entered.isoformat() in by_iso
