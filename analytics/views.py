"""Pages of portfolio analytics: the kill list (and its rules), vendors (concentration, lock-in, the shock simulator
and saved scenarios side by side), and the failure-mode radar (heat map and back-test)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from adoption.choices import FailureMode
from analytics import services
from analytics.forms import KillRuleForm, ShockForm
from analytics.radar import MODES, SIGNALS
from analytics.selectors.kill_list import kill_list, kill_rules, rule_name
from analytics.selectors.radar import heat_map, radar, radar_backtest
from analytics.selectors.vendors import (
    Shock,
    concentration_of,
    portfolio_rows,
    scenario_shock,
    scenarios_list,
    shock_of,
)
from core.web import form_submit, page
from governance import access

SCENARIO_LIMIT = 6


def _is_coe(user) -> bool:
    return access.holds_global_role(user=user, role="coe_admin")


def _kill_list_page(request: HttpRequest, *, failed: tuple[str, KillRuleForm] | None = None, status: int = 200):
    coe = _is_coe(request.user)
    rules = []
    for rule in kill_rules():
        form = None
        if coe:
            form = (
                failed[1]
                if failed and failed[0] == rule.kind
                else KillRuleForm(initial={"parameter": rule.parameter, "enabled": rule.enabled}, prefix=rule.kind)
            )
        rules.append({"rule": rule, "name": rule_name(rule), "form": form})
    context = {"flagged": kill_list(user=request.user), "rules": rules, "coe": coe}
    return render(request, "analytics/kill_list.html", context, status=status)


@page()
def kill_list_page(request: HttpRequest) -> HttpResponse:
    return _kill_list_page(request)


@page("POST")
def kill_rule_edit(request: HttpRequest, kind: str) -> HttpResponse:
    form = KillRuleForm(request.POST, prefix=kind)
    done, result = form_submit(
        form,
        lambda data: services.kill_rule_update(
            actor=request.user, kind=kind, parameter=data["parameter"], enabled=data["enabled"]
        ),
    )
    if not done:
        return _kill_list_page(request, failed=(kind, form), status=result)
    messages.success(request, _("The rule “%(name)s” was saved.") % {"name": rule_name(result)})
    return redirect("analytics:kill_list")


def _vendors_page(request: HttpRequest, *, save_form: ShockForm | None = None, status: int = 200) -> HttpResponse:
    rows = portfolio_rows(user=request.user)
    form = ShockForm(request.GET if "target" in request.GET else None)
    tried = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        tried = shock_of(rows, Shock(data["kind"], data["target_type"], data["target"], data["percent"]))
    coe = _is_coe(request.user)
    if coe and save_form is None:
        # Saving starts from the shock just tried.
        initial = {k: v for k, v in form.cleaned_data.items() if k != "name"} if tried else {}
        save_form = ShockForm(prefix="save", initial=initial)
    saved = list(scenarios_list()[:SCENARIO_LIMIT])
    context = {
        "concentration": concentration_of(rows),
        "form": form,
        "save_form": save_form,
        "tried": tried,
        "compared": [(scenario, shock_of(rows, scenario_shock(scenario))) for scenario in saved],
        "coe": coe,
        "currency": settings.REPORTING_CURRENCY,
    }
    return render(request, "analytics/vendors.html", context, status=status)


@page()
def vendors_page(request: HttpRequest) -> HttpResponse:
    return _vendors_page(request)


@page("POST")
def scenario_save(request: HttpRequest) -> HttpResponse:
    form = ShockForm(request.POST, prefix="save")
    done, result = form_submit(
        form,
        lambda data: services.vendor_scenario_create(
            actor=request.user,
            name=data["name"],
            kind=data["kind"],
            target_type=data["target_type"],
            target=data["target"],
            percent=data["percent"],
        ),
    )
    if not done:
        return _vendors_page(request, save_form=form, status=result)
    messages.success(request, _("The scenario “%(name)s” was saved.") % {"name": result.name})
    return redirect("analytics:vendors")


@page("POST")
def scenario_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.vendor_scenario_delete(actor=request.user, scenario_id=pk)
    messages.success(request, _("The scenario was deleted."))
    return redirect("analytics:vendors")


@page()
def radar_page(request: HttpRequest) -> HttpResponse:
    rows = radar(user=request.user)
    heat = heat_map(rows)
    labels = dict(FailureMode.choices)
    context = {
        "rows": rows,
        "modes": [(mode, labels[mode]) for mode in MODES],
        "heat": [(unit, heat.counts[unit], [heat.cells[(unit, mode)] for mode in MODES]) for unit in heat.units],
        "signals": SIGNALS,
        "signal_labels": {signal.code: signal.label for signal in SIGNALS},
        "mode_labels": labels,
        "backtest": radar_backtest(user=request.user),
    }
    return render(request, "analytics/radar.html", context)
