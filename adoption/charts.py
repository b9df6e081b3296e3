"""Server-side SVG charts: horizontal bars with the number written beside each bar.

Drawn on the server so they work without JavaScript, print, and can be pasted into an email. Colours are SVG
presentation attributes (no inline style, which the Content-Security-Policy forbids). Every chart is an image with
a title and a description for screen readers; the pages show the same figures in a table beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption.choices import FailureMode, Phase, Status
from adoption.display import date, days, money, money_short, number, percent

PALETTE = ("#2563eb", "#15803d", "#b45309", "#b91c1c", "#6d28d9", "#475569")
TEXT = "#1f2933"
MUTED = "#52606d"
GRID = "#cbd2d9"

WIDTH = 640
# A bar chart is drawn at its natural width (HBAR_WIDTH px) and shrunk to fit a narrower column: at 400 units and
# 13 px type its labels stay about 10 px tall on a 360 px phone (at 640 units and 12 px they were 5 px).
HBAR_WIDTH = 400
FONT_SIZE = 13
LABEL_HEIGHT = 17
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 10
PAD = 4


@dataclass
class Bar:
    value: Decimal | float | int | None
    text: str
    series: int = 0
    # A range drawn as a whisker across the bar (an estimate's confidence band).
    low: Decimal | float | int | None = None
    high: Decimal | float | int | None = None
    # Where the bar leads (the board filtered to what it counts), when it leads somewhere.
    href: str = ""


@dataclass
class Row:
    label: str
    bars: list[Bar] = field(default_factory=list)


def _f(value) -> float:
    return float(value or 0)


def text_width(text: str) -> int:
    """Roughly how wide ``text`` is at 12px: Chinese characters take about twice the room of Latin ones."""
    return sum(12 if ord(char) >= 0x2E80 else 7 for char in text)


def _linked(shape: SafeString, href: str, name: str) -> SafeString:
    """A bar that leads to the filtered board: a link named by what the bar shows (a screen reader reads the name)."""
    return format_html('<a href="{}" aria-label="{}">{}</a>', href, name, shape) if href else shape


def _role(*, linked: bool) -> str:
    """A chart is one image, unless its bars are links: then a group, so each link can be reached on its own."""
    return "group" if linked else "img"


def hbar_chart(
    *,
    chart_id: str,
    title: str,
    rows: list[Row],
    legend: list[tuple[str, int]] | None = None,
    description: str = "",
) -> SafeString:
    """An SVG of ``rows``, each a label over one bar per series; negative values extend left of a zero line."""
    values = [_f(v) for row in rows for bar in row.bars for v in (bar.value, bar.low, bar.high) if v is not None]
    low = min([0.0, *values])
    high = max([0.0, *values])
    span = (high - low) or 1.0
    # Room right of the longest bar for the number written beside it.
    value_room = max([60, *(text_width(bar.text) * FONT_SIZE / 12 + 12 for row in rows for bar in row.bars)])
    plot = HBAR_WIDTH - value_room - 2 * PAD
    linked = any(bar.href for row in rows for bar in row.bars)

    def x(value: float) -> float:
        return round(PAD + (value - low) / span * plot, 1)

    zero = x(0.0)
    parts: list[SafeString] = []
    y = PAD
    if legend:
        legend_x = PAD
        for label, series in legend:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" fill="{}">{}</text>',
                    legend_x,
                    y + 1,
                    PALETTE[series % len(PALETTE)],
                    legend_x + 14,
                    y + 10,
                    TEXT,
                    label,
                )
            )
            legend_x += 24 + round(text_width(label) * FONT_SIZE / 12)
        y += LABEL_HEIGHT + 4
    top = y
    for row in rows:
        parts.append(
            format_html('<text x="{}" y="{}" fill="{}" font-weight="600">{}</text>', PAD, y + 12, TEXT, row.label)
        )
        y += LABEL_HEIGHT + 2
        for bar in row.bars:
            colour = PALETTE[bar.series % len(PALETTE)]
            if bar.value is None:
                parts.append(format_html('<text x="{}" y="{}" fill="{}">{}</text>', zero + 4, y + 11, MUTED, bar.text))
            else:
                end = x(_f(bar.value))
                left, width = min(zero, end), max(abs(end - zero), 1 if _f(bar.value) else 0)
                rect = format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}"/>',
                    left,
                    y,
                    round(width, 1),
                    BAR_HEIGHT,
                    colour,
                )
                parts.append(_linked(rect, bar.href, f"{row.label}: {bar.text}"))
                text_x = max(end, zero)
                if bar.high is not None:
                    text_x = max(text_x, x(_f(bar.high)))
                parts.append(format_html('<text x="{}" y="{}" fill="{}">{}</text>', text_x + 5, y + 11, TEXT, bar.text))
            if bar.low is not None and bar.high is not None:
                mid = y + BAR_HEIGHT / 2
                x1, x2 = x(_f(bar.low)), x(_f(bar.high))
                parts.append(
                    format_html(
                        '<path d="M{} {}H{}M{} {}V{}M{} {}V{}" stroke="{}" stroke-width="1.5" fill="none"/>',
                        x1,
                        mid,
                        x2,
                        x1,
                        mid - 5,
                        mid + 5,
                        x2,
                        mid - 5,
                        mid + 5,
                        TEXT,
                    )
                )
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP
    height = y + PAD
    axis = format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>', zero, top, zero, height - PAD, GRID)
    desc = format_html('<desc id="{}-desc">{}</desc>', chart_id, description) if description else ""
    return format_html(
        '<svg class="chart" id="{}" width="{}" viewBox="0 0 {} {}" role="{}" aria-labelledby="{}-title{}" '
        'font-family="system-ui, &quot;Noto Sans CJK TC&quot;, &quot;Noto Sans CJK SC&quot;, sans-serif" '
        'font-size="{}" xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>{}{}{}</svg>',
        chart_id,
        HBAR_WIDTH,
        HBAR_WIDTH,
        round(height),
        _role(linked=linked),
        chart_id,
        f" {chart_id}-desc" if description else "",
        FONT_SIZE,
        chart_id,
        title,
        desc,
        axis,
        format_html_join("", "{}", ((part,) for part in parts)),
    )


# --- The charts of the pages ----------------------------------------------------------------------------------------


def roi_ledger_chart(ledger, *, chart_id: str = "roi-chart") -> SafeString | None:
    """Net annual value of every ROI estimate (with its confidence band) against the realised value, annualised."""
    if not ledger.estimates and not ledger.realised:
        return None
    currency = ledger.reporting_currency
    rows = []
    for estimate in ledger.estimates:
        figures = estimate.figures
        rows.append(
            Row(
                label=_("Estimate v%(version)s · %(phase)s · %(date)s")
                % {
                    "version": estimate.version.version,
                    "phase": Phase(estimate.version.phase).label,
                    "date": date(estimate.version.recorded_at),
                },
                bars=[
                    Bar(
                        value=figures.reporting_net_annual_value,
                        text=money_short(figures.reporting_net_annual_value, currency),
                        series=0,
                        low=figures.reporting_net_low,
                        high=figures.reporting_net_high,
                    )
                ],
            )
        )
    if ledger.realised_net_annualised is not None:
        rows.append(
            Row(
                label=_("Realised, annualised over %(days)s days") % {"days": ledger.realised_days},
                bars=[
                    Bar(
                        value=ledger.realised_net_annualised,
                        text=money_short(ledger.realised_net_annualised, currency),
                        series=1,
                    )
                ],
            )
        )
    latest = ledger.latest_estimate
    description = _("Net annual value per estimate version, with its confidence band, and the realised value.")
    if latest is not None:
        description += " " + _("Latest estimate: %(amount)s.") % {
            "amount": money(latest.figures.reporting_net_annual_value, currency)
        }
    return hbar_chart(
        chart_id=chart_id,
        title=_("ROI ledger: net annual value (%(currency)s)") % {"currency": currency},
        rows=rows,
        legend=[(_("Estimate (band: confidence)"), 0)] + ([(_("Realised"), 1)] if ledger.realised else []),
        description=description,
    )


def phase_rows(phases, bars: Callable[[Any], list[Bar]]) -> list[Row]:
    """One row per phase of the funnel, labelled with the phase's name, with the bars ``bars`` makes of it."""
    return [Row(label=str(Phase(p.phase).label), bars=bars(p)) for p in phases]


def conversion_bars(phase) -> list[Bar]:
    """How many entered the phase, and how many of them went on to the next."""
    return [
        Bar(phase.entered, _("%(n)s entered") % {"n": number(phase.entered)}, series=0),
        Bar(
            phase.advanced,
            _("%(n)s advanced (%(share)s)") % {"n": number(phase.advanced), "share": percent(phase.conversion)},
            series=1,
        ),
    ]


def days_bars(phase) -> list[Bar]:
    """The median and the 90th percentile of the days finished stays took."""
    return [
        Bar(phase.median_days, _("median %(days)s") % {"days": days(phase.median_days, 1)}, series=0),
        Bar(phase.p90_days, _("90th percentile %(days)s") % {"days": days(phase.p90_days, 1)}, series=2),
    ]


def funnel_charts(funnel, *, currency: str) -> dict[str, SafeString]:
    """The executive funnel as four or five charts: where initiatives are, conversion, days per phase, why they
    stopped, and the value hypothesised against the value realised."""
    charts: dict[str, SafeString] = {}
    now_rows = phase_rows(funnel.phases, lambda p: [Bar(p.active, number(p.active))])
    for status in (Status.ON_HOLD, Status.IN_PRODUCTION, Status.STOPPED, Status.RETIRED):
        count = funnel.by_status.get(status, 0)
        now_rows.append(Row(label=str(status.label), bars=[Bar(count, number(count), series=5 if count else 0)]))
    charts["now"] = hbar_chart(
        chart_id="chart-now",
        title=_("Initiatives by phase and status now"),
        rows=now_rows,
        description=_("%(total)s initiatives in scope, %(overdue)s overdue.")
        % {"total": number(funnel.total), "overdue": number(funnel.overdue)},
    )
    charts["conversion"] = hbar_chart(
        chart_id="chart-conversion",
        title=_("Conversion: entered each phase, and went on to the next"),
        rows=phase_rows(funnel.phases, conversion_bars),
        legend=[(_("Entered"), 0), (_("Advanced"), 1)],
    )
    charts["days"] = hbar_chart(
        chart_id="chart-days",
        title=_("Days per phase (finished stays, time on hold excluded)"),
        rows=phase_rows(funnel.phases, days_bars),
        legend=[(_("Median"), 0), (_("90th percentile"), 2)],
    )
    stop_rows = [
        Row(
            label=str(mode.label),
            bars=[
                Bar(funnel.stops_by_failure_mode.get(mode, 0), number(funnel.stops_by_failure_mode.get(mode, 0)), 3),
                Bar(funnel.stops_contributing.get(mode, 0), number(funnel.stops_contributing.get(mode, 0)), 2),
            ],
        )
        for mode in FailureMode
    ]
    stop_rows.append(
        Row(label=_("Not a failure"), bars=[Bar(funnel.stops_not_a_failure, number(funnel.stops_not_a_failure), 5)])
    )
    charts["stops"] = hbar_chart(
        chart_id="chart-stops",
        title=_("Stopped initiatives by failure mode"),
        rows=stop_rows,
        legend=[(_("Primary"), 3), (_("Contributing"), 2)],
    )
    value_rows = [
        Row(label=label, bars=[Bar(amount, money_short(amount, currency), series=1 if realised else 0)])
        for label, amount, realised in value_items(funnel.value)
    ]
    if value_rows:
        charts["value"] = hbar_chart(
            chart_id="chart-value",
            title=_("Hypothesised and realised annual value (%(currency)s)") % {"currency": currency},
            rows=value_rows,
            legend=[(_("Hypothesised"), 0), (_("Realised"), 1)],
        )
    return charts


VALUE_LABELS = {
    "hypothesised_net_annual_value": gettext_lazy("Hypothesised net annual value, open initiatives"),
    "hypothesised_annual_benefit": gettext_lazy("Hypothesised annual benefit, open initiatives"),
    "production_hypothesised_net_annual_value": gettext_lazy("Hypothesised net annual value, in production"),
    "realised_net_value_12m": gettext_lazy("Realised net value, last 12 months"),
    "realised_benefit_12m": gettext_lazy("Realised benefit, last 12 months"),
}


def value_items(value: dict) -> list[tuple[str, Decimal, bool]]:
    """The funnel's value figures that are amounts: (label, amount, realised?). A key without a label here is shown
    as written, so a figure added to the funnel appears before it is named."""
    items = []
    for key, amount in (value or {}).items():
        if isinstance(amount, bool) or not isinstance(amount, Decimal | int | float):
            continue
        label = VALUE_LABELS.get(key) or key.replace("_", " ").capitalize()
        items.append((str(label), Decimal(str(amount)), key.startswith("realised")))
    return items


# --- The Monday view's charts ---------------------------------------------------------------------------------------


@dataclass
class Series:
    label: str
    values: list[Decimal | float | int]
    texts: list[str]
    colour: int = 0
    href: str = ""


COLUMN_PLOT = 130
COLUMN_FONT = 10


def column_chart(
    *, chart_id: str, title: str, labels: list[str], series: list[Series], description: str = ""
) -> SafeString:
    """A small SVG of grouped columns, one group per label (a week), one column per series, the figure written above
    each column when it fits (the table beside the chart always has it); negative values hang below a zero line."""
    values = [_f(v) for one in series for v in one.values]
    low, high = min([0.0, *values]), max([0.0, *values])
    span = (high - low) or 1.0
    top = PAD + LABEL_HEIGHT + 4 + COLUMN_FONT + 4  # legend, then room for the tallest column's figure
    group = (WIDTH - 2 * PAD) / max(len(labels), 1)
    column = max((group - 8) / max(len(series), 1), 2)

    def y(value: float) -> float:
        return round(top + (high - value) / span * COLUMN_PLOT, 1)

    zero = y(0.0)
    parts: list[SafeString] = []
    legend_x = PAD
    for one in series:
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="10" fill="{}"/><text x="{}" y="{}" fill="{}">{}</text>',
                legend_x,
                PAD + 1,
                PALETTE[one.colour % len(PALETTE)],
                legend_x + 14,
                PAD + 10,
                TEXT,
                one.label,
            )
        )
        legend_x += 24 + text_width(one.label)
    for n, label in enumerate(labels):
        left = PAD + n * group + 4
        for m, one in enumerate(series):
            value = _f(one.values[n])
            x = round(left + m * column, 1)
            end = y(value)
            rect = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                x,
                min(zero, end),
                round(max(column - 1, 1), 1),
                round(max(abs(end - zero), 1 if value else 0), 1),
                PALETTE[one.colour % len(PALETTE)],
            )
            parts.append(_linked(rect, one.href, f"{one.label}, {label}: {one.texts[n]}"))
            text = one.texts[n]
            if text_width(text) * COLUMN_FONT / 12 <= column + 2:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" fill="{}" font-size="{}" text-anchor="middle">{}</text>',
                        round(x + column / 2, 1),
                        min(zero, end) - 3,
                        TEXT,
                        COLUMN_FONT,
                        text,
                    )
                )
        parts.append(
            format_html(
                '<text x="{}" y="{}" fill="{}" text-anchor="middle">{}</text>',
                round(left + (group - 8) / 2, 1),
                top + COLUMN_PLOT + 16,
                MUTED,
                label,
            )
        )
    height = top + COLUMN_PLOT + 16 + PAD + 2
    axis = format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>', PAD, zero, WIDTH - PAD, zero, GRID)
    desc = format_html('<desc id="{}-desc">{}</desc>', chart_id, description) if description else ""
    return format_html(
        '<svg class="chart" id="{}" viewBox="0 0 {} {}" role="{}" aria-labelledby="{}-title{}" '
        'font-family="system-ui, &quot;Noto Sans CJK TC&quot;, &quot;Noto Sans CJK SC&quot;, sans-serif" '
        'font-size="12" xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>{}{}{}</svg>',
        chart_id,
        WIDTH,
        round(height),
        _role(linked=any(one.href for one in series)),
        chart_id,
        f" {chart_id}-desc" if description else "",
        chart_id,
        title,
        desc,
        axis,
        format_html_join("", "{}", ((part,) for part in parts)),
    )


def weekly_charts(view, *, links: dict[str, str]) -> dict[str, SafeString]:
    """The Monday view's trends over the recorded weeks (one row per week) and its units side by side; each bar
    leads to the board filtered to what it counts (``links``: "board", "stopped", "production", and per unit)."""
    currency = view.currency
    charts: dict[str, SafeString] = {}
    if not view.weeks:
        return charts

    labels = [week.label.split("-")[1] for week in view.weeks]
    figures = [week.figures for week in view.weeks]
    description = _("Weeks %(first)s to %(last)s.") % {"first": view.weeks[0].label, "last": view.weeks[-1].label}

    def counts(label: str, values: list[int], colour: int, href: str) -> Series:
        return Series(label, values, [number(v) for v in values], colour, href)

    def amounts(label: str, values: list[Decimal], colour: int, href: str) -> Series:
        return Series(label, values, [money_short(v, currency) for v in values], colour, href)

    charts["moves"] = column_chart(
        chart_id="chart-week-moves",
        title=_("Entered, advanced and stopped, by week"),
        labels=labels,
        series=[
            counts(_("Entered"), [f.entered for f in figures], 0, links["entered"]),
            counts(_("Advanced"), [f.advanced for f in figures], 1, links["board"]),
            counts(_("Stopped"), [f.stopped for f in figures], 3, links["stopped"]),
        ],
        description=description,
    )
    charts["state"] = column_chart(
        chart_id="chart-week-state",
        title=_("Active in a phase and in production, at the end of each week"),
        labels=labels,
        series=[
            counts(_("Active in a phase"), [f.statuses.get(Status.ACTIVE, 0) for f in figures], 0, links["board"]),
            counts(
                _("In production"), [f.statuses.get(Status.IN_PRODUCTION, 0) for f in figures], 1, links["production"]
            ),
        ],
        description=description,
    )
    charts["value"] = column_chart(
        chart_id="chart-week-value",
        title=_("Hypothesised and realised value, by week (%(currency)s)") % {"currency": currency},
        labels=labels,
        series=[
            amounts(_("Hypothesised, open initiatives"), [f.hypothesised_value for f in figures], 0, links["board"]),
            amounts(_("Realised, last 12 months"), [f.realised_value_12m for f in figures], 1, links["production"]),
        ],
        description=description,
    )
    if view.units:
        charts["units"] = hbar_chart(
            chart_id="chart-week-units",
            title=_("Business units side by side, latest week"),
            rows=[
                Row(
                    label=item.unit.name,
                    bars=[
                        Bar(
                            item.figures.statuses.get(Status.ACTIVE, 0),
                            number(item.figures.statuses.get(Status.ACTIVE, 0)),
                            0,
                            href=links[f"unit-{item.unit.pk}"],
                        ),
                        Bar(
                            item.figures.statuses.get(Status.IN_PRODUCTION, 0),
                            number(item.figures.statuses.get(Status.IN_PRODUCTION, 0)),
                            1,
                            href=links[f"unit-{item.unit.pk}"] + "#col-in_production",
                        ),
                    ],
                )
                for item in view.units
            ],
            legend=[(_("Active in a phase"), 0), (_("In production"), 1)],
        )
    return charts
