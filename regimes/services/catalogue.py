"""The compliance lead's catalogue: a draft version of a regime (a copy of the published one), edited, checked by
the engine, previewed and published. Publishing reapplies the obligations of exactly the affected initiatives,
reopens or adds their criteria, and notifies their owners and compliance officers. A frozen review's snapshot is
JSON of its own and never changes."""

from __future__ import annotations

import copy

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import Role
from core.db import lock_one
from core.exceptions import Forbidden, InvalidInput, Refused
from governance import access
from governance.actions import lock_initiative
from governance.audit import audit_record
from governance.choices import NotificationKind
from governance.services.delivery import Draft, notifications_create
from governance.services.scheduling import compliance_assignees_for
from regimes import engine
from regimes.choices import VersionStatus
from regimes.models import Regime, RegimeVersion
from regimes.selectors import obligations as obligation_selectors
from regimes.selectors.catalogue import catalogue_changes, published_of, with_draft
from regimes.selectors.obligations import published_versions
from regimes.services.applicability import obligations_sync


def require_compliance_lead(user) -> None:
    """Forbidden unless ``user`` is a compliance officer for the whole organisation (the compliance lead)."""
    if not access.holds_global_role(user=user, role=Role.COMPLIANCE_OFFICER):
        raise Forbidden(
            _("Only the compliance lead (a compliance officer for the whole organisation) edits the catalogue.")
        )


def _lock_version(version: RegimeVersion) -> RegimeVersion:
    row = lock_one(RegimeVersion.objects.filter(pk=version.pk), _("Regime version not found."))
    row.regime = Regime.objects.get(pk=row.regime_id)
    return row


def regime_draft_create(*, actor, regime: Regime) -> RegimeVersion:
    """A draft of the regime's next version, a copy of the published one (one draft at a time)."""
    require_compliance_lead(actor)
    with transaction.atomic():
        regime = lock_one(Regime.objects.filter(pk=regime.pk), _("Regime not found."))
        if RegimeVersion.objects.filter(regime=regime, status=VersionStatus.DRAFT).exists():
            raise Refused(_("The draft was not created."), reasons=[_("This regime already has a draft.")])
        published = published_of(regime)
        number = (RegimeVersion.objects.filter(regime=regime).aggregate(n=Max("version"))["n"] or 0) + 1
        content = copy.deepcopy(published.content) if published else {"code": regime.code}
        content["version"] = number
        draft = RegimeVersion.objects.create(
            regime=regime, version=number, content=content, status=VersionStatus.DRAFT, created_by=actor
        )
        audit_record(
            actor=actor, verb="regime.draft_created", target=draft, after={"regime": regime.code, "version": number}
        )
    return draft


def regime_draft_save(*, actor, draft: RegimeVersion, content, note: str = "") -> RegimeVersion:
    """Replace the draft's content; the engine's ``validate()`` must find nothing wrong with it."""
    require_compliance_lead(actor)
    if not isinstance(note, str) or len(note) > 2000:
        raise InvalidInput(_("The draft was not saved."), fields={"note": [_("Enter at most 2,000 characters.")]})
    problems = (
        engine.validate(content, obligation_selectors.common_questions())
        if isinstance(content, dict)
        else [_("The regime must be a JSON object.")]
    )
    with transaction.atomic():
        draft = _lock_version(draft)
        if draft.status != VersionStatus.DRAFT:
            raise Refused(_("The draft was not saved."), reasons=[_("Only a draft can be edited.")])
        if isinstance(content, dict) and content.get("code") != draft.regime.code:
            problems.append(_("The regime's code cannot change."))
        if problems:
            raise InvalidInput(_("The draft was not saved."), fields={"content": problems})
        content = {**content, "version": draft.version}
        draft.content = content
        draft.note = note.strip()
        draft.save(update_fields=["content", "note"])
        audit_record(
            actor=actor,
            verb="regime.draft_saved",
            target=draft,
            after={"regime": draft.regime.code, "version": draft.version, "note": draft.note},
        )
    return draft


def regime_publish(*, actor, draft: RegimeVersion) -> list:
    """Publish the draft: the published version is superseded, every affected initiative's obligations and criteria
    follow (reopened or added in the current phase; removed ones marked not required) and its owner and compliance
    officer are notified. Returns what changed per initiative."""
    require_compliance_lead(actor)
    with transaction.atomic():
        draft = _lock_version(draft)
        if draft.status != VersionStatus.DRAFT:
            raise Refused(_("The version was not published."), reasons=[_("Only a draft can be published.")])
        problems = engine.validate(draft.content, obligation_selectors.common_questions())
        if problems:
            raise Refused(_("The version was not published."), reasons=problems)
        affected = catalogue_changes(with_draft(draft))
        old = published_of(draft.regime)
        if old is not None:
            old.status = VersionStatus.SUPERSEDED
            old.save(update_fields=["status"])
        draft.status = VersionStatus.PUBLISHED
        draft.published_by = actor
        draft.published_at = timezone.now()
        draft.save(update_fields=["status", "published_by", "published_at"])
        audit_record(
            actor=actor,
            verb="regime.published",
            target=draft,
            before={"version": old.version} if old else None,
            after={
                "regime": draft.regime.code,
                "version": draft.version,
                "initiatives": [a.initiative.key for a in affected],
            },
        )
        _reapply(actor=actor, affected=affected, source=draft)
    return affected


def regime_enable(*, actor, regime: Regime, enabled: bool) -> Regime:
    """The CoE switches a regime (a voluntary framework) on or off; the affected initiatives' obligations follow."""
    access.require_coe(actor, _("Only the CoE switches frameworks on or off."))
    with transaction.atomic():
        regime = lock_one(Regime.objects.filter(pk=regime.pk), _("Regime not found."))
        if regime.enabled == enabled:
            return regime
        regime.enabled = enabled
        regime.save(update_fields=["enabled"])
        audit_record(
            actor=actor,
            verb="regime.enabled" if enabled else "regime.disabled",
            target=regime,
            after={"regime": regime.code},
        )
        affected = catalogue_changes(published_versions())
        _reapply(actor=actor, affected=affected, source=published_of(regime))
    return regime


def obligations_refresh() -> int:
    """Daily: an obligation whose effective date has come binds from that day (and one whose date moved away stops):
    the initiatives whose binding obligations changed since they were last applied follow, as after a publication,
    and their owners and compliance officers hear of it once. Returns how many initiatives changed."""
    with transaction.atomic():
        affected = catalogue_changes(published_versions())
        _reapply(actor=None, affected=affected, source=None, tag=timezone.localdate().isoformat())
    return len(affected)


def _reapply(*, actor, affected: list, source: RegimeVersion | None, tag: str = "") -> None:
    if not affected:
        return
    versions = published_versions()
    assignees = compliance_assignees_for([a.initiative for a in affected])
    drafts = []
    for item in sorted(affected, key=lambda a: a.initiative.pk):  # one lock order for every writer
        initiative = lock_initiative(item.initiative.pk)
        obligations_sync(initiative=initiative, actor=actor, versions=versions)
        context = {
            "key": initiative.key,
            "title": initiative.title,
            "regime_names": (source.content.get("name") if source else None) or {},
            "version": source.version if source else None,
            "added": len(item.added),
            "removed": len(item.removed),
            "changed": len(item.changed),
        }
        officer = assignees.get(initiative.pk)
        people = {initiative.owner_id, officer.pk if officer else None} - {None}
        drafts += [
            Draft(
                recipient_id=user_id,
                kind=NotificationKind.OBLIGATIONS_CHANGED,
                dedupe_key=f"regime:{source.pk if source else tag}:{initiative.pk}:u{user_id}",
                context=context,
                url=f"/initiatives/{initiative.key}/regulatory/",
                initiative_id=initiative.pk,
                target_type="initiative",
                target_id=str(initiative.pk),
            )
            for user_id in sorted(people)
        ]
    notifications_create(drafts)
