"""The executive funnel page: the figures of the selector, filtered by unit and cohort, in charts and tables."""

from django.urls import reverse
from django.utils import timezone

from adoption.selectors.funnel import funnel_summary
from tests.factories import make_initiative


def test_funnel_shows_the_figures_and_narrows_by_unit_and_cohort(as_user, cast, coe, units, owner):
    for n in range(3):
        make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title=f"Retail {n}")
    make_initiative(coe=coe, business_unit=units["insurance"], owner=owner, title="Insurance")
    client = as_user(cast["executive"])
    page = client.get(reverse("adoption:funnel")).content.decode()
    assert funnel_summary(user=cast["executive"]).total == 4
    assert '<div class="value">4</div>' in page
    for chart in ("chart-now", "chart-conversion", "chart-days", "chart-stops"):
        assert f'id="{chart}"' in page
        assert f'aria-labelledby="{chart}-title' in page

    retail = client.get(reverse("adoption:funnel"), {"business_unit": units["retail"].pk}).content.decode()
    assert '<div class="value">3</div>' in retail

    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    cohort = f"{today.year}Q{quarter}"
    this_quarter = client.get(reverse("adoption:funnel"), {"cohort": cohort}).content.decode()
    assert f"created in Q{quarter} {today.year}" in this_quarter
    assert f'<option value="{cohort}" selected>Q{quarter} {today.year}</option>' in this_quarter
    assert '<div class="value">4</div>' in this_quarter


def test_funnel_is_scoped_to_what_the_person_may_see(as_user, cast, coe, units, owner):
    make_initiative(coe=coe, business_unit=units["retail"], owner=owner)
    make_initiative(coe=coe, business_unit=units["insurance"], owner=owner)
    page = as_user(cast["security"]).get(reverse("adoption:funnel")).content.decode()
    assert '<div class="value">1</div>' in page
    nothing = as_user(cast["newcomer"]).get(reverse("adoption:funnel"))
    assert nothing.status_code == 200
    assert '<div class="value">0</div>' in nothing.content.decode()


def test_funnel_in_traditional_chinese(as_user, cast, coe, units, owner):
    make_initiative(coe=coe, business_unit=units["retail"], owner=owner)
    client = as_user(cast["executive"])
    client.post(reverse("governance:language"), {"language": "zh-hant", "next": "/funnel/"})
    page = client.get(reverse("adoption:funnel")).content.decode()
    assert '<html lang="zh-hant">' in page
    assert "導入漏斗" in page
    assert "專案" in page


def test_the_unit_select_is_the_markup_of_django_s_own(as_user, cast, coe, units, owner):
    """The funnel's unit select is written in Python (hundreds of units): the same select Django renders, the unit
    asked for selected, an invalid one marked."""
    from django import forms
    from django.test.html import parse_html

    from adoption.forms import FunnelFilterForm
    from adoption.selectors.units import units_visible

    make_initiative(coe=coe, business_unit=units["retail"], owner=owner)
    make_initiative(coe=coe, business_unit=units["insurance"], owner=owner)
    visible = units_visible(user=cast["executive"])
    for data in (None, {"business_unit": str(units["insurance"].pk)}, {"business_unit": "x"}):
        form = FunnelFilterForm(data, units=visible, cohorts=[])
        if data:
            form.is_valid()
        quick = str(form["business_unit"])
        form.fields["business_unit"].widget = forms.Select(choices=form.fields["business_unit"].choices)
        assert parse_html(quick) == parse_html(str(form["business_unit"]))
    page = as_user(cast["executive"]).get(reverse("adoption:funnel"), {"business_unit": units["insurance"].pk})
    assert f'<option value="{units["insurance"].pk}" selected>Insurance</option>' in page.content.decode()
