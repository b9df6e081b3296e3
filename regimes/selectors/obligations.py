"""What applies to an initiative: its newest answers evaluated by the engine under the current published versions of
the enabled regimes. The one home of "which obligations apply" (operations' filings, the change gate, incidents and
the retirement checklist call ``applicable_obligations()``)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from adoption.models import Initiative
from regimes import engine
from regimes.choices import VersionStatus
from regimes.models import Applicability, RegimeVersion


def common_questions() -> list[dict]:
    """The common applicability questionnaire (the shipped one; none while the catalogue is absent)."""
    try:
        from regimes.catalogue import QUESTIONS
    except ImportError:
        return []
    return list(QUESTIONS)


def published_versions() -> list[RegimeVersion]:
    """The published version of every enabled regime, in the catalogue's order (one query)."""
    return list(
        RegimeVersion.objects.filter(status=VersionStatus.PUBLISHED, regime__enabled=True)
        .select_related("regime")
        .order_by("regime__order", "regime__code")
    )


def current_answers(initiative: Initiative) -> Applicability | None:
    """The initiative's newest applicability answers, or None before the first."""
    return Applicability.objects.filter(initiative=initiative).order_by("-version").first()


def evaluation(
    initiative: Initiative,
    *,
    answers: dict | None = None,
    versions: list[RegimeVersion] | None = None,
    on: datetime.date | None = None,
) -> engine.Evaluation:
    """The engine's evaluation of ``answers`` (default: the initiative's newest) under ``versions`` (default: the
    published ones) on ``on`` (default: today)."""
    if answers is None:
        newest = current_answers(initiative)
        answers = newest.answers if newest else {}
    if versions is None:
        versions = published_versions()
    on = on or timezone.localdate()
    if not answers:
        return engine.evaluate([], {}, on)
    return engine.evaluate([v.content for v in versions], answers, on, common_questions())


def applicable_obligations(initiative: Initiative, **kwargs) -> list[engine.Applied]:
    """The binding and informational obligations for the initiative's current answers under the current published
    versions (``Applied.binding``: in force and not informational)."""
    return list(evaluation(initiative, **kwargs).obligations)
