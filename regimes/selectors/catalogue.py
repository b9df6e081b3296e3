"""The catalogue as its readers see it, and what publishing a draft would change: the one home of the preview."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import Status
from adoption.models import Initiative
from core.exceptions import NotFound
from regimes import engine
from regimes.choices import VersionStatus
from regimes.models import Applicability, AppliedObligation, Regime, RegimeVersion
from regimes.selectors.obligations import published_versions

CLOSED = (Status.STOPPED, Status.RETIRED, Status.VOIDED)


def regimes_list() -> list[Regime]:
    """Every regime with its versions, newest first (two queries)."""
    return list(Regime.objects.prefetch_related("versions").order_by("order", "code"))


def regime_get(code: str) -> Regime:
    regime = Regime.objects.filter(code=code).first()
    if regime is None:
        raise NotFound(_("Regime not found."))
    return regime


def version_get(regime: Regime, version: int) -> RegimeVersion:
    found = RegimeVersion.objects.filter(regime=regime, version=version).select_related("regime").first()
    if found is None:
        raise NotFound(_("Regime version not found."))
    return found


def published_of(regime: Regime) -> RegimeVersion | None:
    return RegimeVersion.objects.filter(regime=regime, status=VersionStatus.PUBLISHED).first()


def draft_of(regime: Regime) -> RegimeVersion | None:
    return RegimeVersion.objects.filter(regime=regime, status=VersionStatus.DRAFT).first()


@dataclass
class Affected:
    initiative: Initiative
    added: list[str]
    removed: list[str]
    changed: list[str]


def _binding(result: engine.Evaluation) -> dict[tuple[str, str], dict]:
    return {(a.regime, a.code): a.spec for a in result.obligations if a.binding}


def catalogue_changes(versions: list[RegimeVersion]) -> list[Affected]:
    """Exactly the open initiatives whose binding obligations would change under ``versions`` (the published ones
    with a draft in place of its regime's, or with a regime switched on or off): added, removed and changed
    obligations per initiative. A fixed number of queries whatever the portfolio's size."""
    from regimes.services.applicability import obligations_diff

    newest = Applicability.objects.values("initiative_id").annotate(v=Max("version")).values_list("initiative_id", "v")
    wanted = dict(newest)
    answers = {
        a.initiative_id: a.answers
        for a in Applicability.objects.filter(initiative_id__in=list(wanted)).only(
            "initiative_id", "version", "answers"
        )
        if wanted[a.initiative_id] == a.version
    }
    initiatives = (
        Initiative.objects.filter(pk__in=list(answers))
        .exclude(status__in=CLOSED)
        .select_related("business_unit")
        .order_by("number")
    )
    rows = AppliedObligation.objects.filter(initiative_id__in=list(answers), binding=True).select_related(
        "regime_version"
    )
    before: dict[int, dict] = {}
    for row in rows:
        spec = next(
            (o for o in row.regime_version.content.get("obligations") or [] if o.get("code") == row.obligation), {}
        )
        before.setdefault(row.initiative_id, {})[(row.regime, row.obligation)] = spec
    contents = [v.content for v in versions]
    today = timezone.localdate()
    found = []
    for initiative in initiatives:
        after = _binding(engine.evaluate(contents, answers[initiative.pk], today))
        diff = obligations_diff(before.get(initiative.pk, {}), after)
        if diff:
            found.append(Affected(initiative, diff.added, diff.removed, diff.changed))
    return found


def with_draft(draft: RegimeVersion) -> list[RegimeVersion]:
    """The published versions with ``draft`` in place of its regime's."""
    return [v for v in published_versions() if v.regime_id != draft.regime_id] + (
        [draft] if draft.regime.enabled else []
    )


def publish_preview(draft: RegimeVersion, *, user=None) -> list[Affected]:
    """What publishing ``draft`` would change, initiative by initiative (the ones ``user`` may see, if given)."""
    affected = catalogue_changes(with_draft(draft))
    if user is not None:
        visible = set(
            Initiative.objects.restrict(user)
            .filter(pk__in=[a.initiative.pk for a in affected])
            .values_list("pk", flat=True)
        )
        affected = [a for a in affected if a.initiative.pk in visible]
    return affected
