"""What the regime catalogue asks of an initiative's life after production, read through regimes-core's one home
(``regimes.selectors.obligations.applicable_obligations``): nothing here parses the catalogue format beyond the
obligation's ``filing``, ``incident``, ``retirement`` and ``on_change`` entries."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from adoption.models import Initiative


def binding_obligations(initiative: Initiative) -> list:
    """The obligations of the initiative's confirmed classifications that bind it today (``Applied`` each)."""
    from regimes.selectors.obligations import applicable_obligations

    return [applied for applied in applicable_obligations(initiative) if applied.binding]


def text(value: dict | str | None) -> dict:
    """A catalogue text as stored here: a dict by language ("en", "zh-hant", "zh-hans")."""
    if isinstance(value, dict):
        return dict(value)
    return {"en": value or ""}


@dataclass(frozen=True)
class ChecklistDefault:
    code: str
    text: object  # a lazily translated sentence


# Every retirement asks for these, whatever the catalogue adds.
RETIREMENT_DEFAULTS = (
    ChecklistDefault(
        "data_deletion", gettext_lazy("Personal and business data the system holds is deleted or archived")
    ),
    ChecklistDefault("vendor_exit", gettext_lazy("The vendor's contract is ended and our data is returned or deleted")),
    ChecklistDefault("filing_cancellation", gettext_lazy("Filings and registrations with authorities are cancelled")),
)


def words(value: dict | str | None) -> str:
    """A catalogue text in the reader's language (``governance.questionnaire.words``: the same rule as questions)."""
    from governance.questionnaire import words as in_language

    return in_language(value or "")


def initiative_answers(initiative: Initiative) -> dict:
    """The initiative's applicability answers (regimes-core keeps them), for the conditions of incident duties."""
    from regimes.selectors.obligations import current_answers

    newest = current_answers(initiative)
    return newest.answers if newest else {}


def incident_duties(initiative: Initiative, severity: str) -> list[tuple[object, dict]]:
    """(obligation, its ``incident`` spec) for each binding obligation whose incident duty covers ``severity`` and
    whose condition holds on the initiative's answers (e.g. one hour for a critical information infrastructure
    operator, four hours otherwise)."""
    from regimes.engine import holds

    duties = []
    answers = None
    for applied in binding_obligations(initiative):
        spec = applied.spec.get("incident")
        if not spec or severity not in (spec.get("severities") or []):
            continue
        if spec.get("when") not in (None, True):
            answers = initiative_answers(initiative) if answers is None else answers
            if not holds(spec["when"], answers):
                continue
        duties.append((applied, spec))
    return duties
