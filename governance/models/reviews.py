"""The sign-off matrix, gate reviews, their slots and the sign-offs recorded on them."""

import pghistory
import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.choices import Phase, RiskTier, Role
from adoption.models import Initiative, RoiVersion
from adoption.models.fields import append_only, person_field
from adoption.models.scoping import InitiativeRecord
from core.inputs import TEXT_LIMIT
from governance.choices import Decision, ReviewStatus


@pghistory.track()
class SignoffMatrixEntry(models.Model):
    """A role whose sign-off a phase's gate requires. The CoE edits the matrix; changes are audited."""

    phase = models.CharField(max_length=20, choices=Phase.choices)
    role = models.CharField(max_length=30, choices=Role.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["phase", "order"]
        verbose_name = _("sign-off matrix entry")
        verbose_name_plural = _("sign-off matrix")
        constraints = [models.UniqueConstraint(fields=["phase", "role"], name="matrix_phase_role_unique")]

    def __str__(self) -> str:
        return f"{self.phase}: {self.role}"


# A review still in play: open for signing, or sent back to its owner for changes and waiting for the answer.
LIVE_REVIEW = models.Q(decided_at__isnull=True)


class GateReview(InitiativeRecord):
    """One attempt to leave a phase: a frozen snapshot, the required slots and the decision.

    A review is live until it is decided (``decided_at``): ``open`` for signing, or ``changes_requested`` — a signer
    sent it back with criteria flagged, and it waits for the owner's answer (``ReviewAnswer``), which opens it for
    signing again in a new round. Reviews sent back before that state existed were closed then and keep their
    ``decided_at``.
    """

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="gate_reviews")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    attempt = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    requested_by = person_field()
    requested_at = models.DateTimeField()
    risk_tier = models.CharField(max_length=20, choices=RiskTier.choices)
    snapshot = models.JSONField()
    evidence_hash = models.CharField(max_length=64)
    roi_version = models.ForeignKey(RoiVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Raised each time the review goes stale; only sign-offs of the current round count.
    round = models.PositiveIntegerField(default=1)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = person_field(optional=True)
    note = models.TextField(_("reason"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("gate review")
        verbose_name_plural = _("gate reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative"], condition=LIVE_REVIEW, name="review_one_live_per_initiative"
            ),
            models.UniqueConstraint(fields=["initiative", "phase", "attempt"], name="review_attempt_unique"),
            models.CheckConstraint(
                condition=models.Q(status="open", decided_at__isnull=True)
                | models.Q(status="changes_requested")
                | (~models.Q(status__in=["open", "changes_requested"]) & models.Q(decided_at__isnull=False)),
                name="review_decided_when_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "requested_at"], name="review_status_requested"),
            # The open reviews of a signer's initiatives (the sign-off inbox) joined from the index alone: what a
            # row of the inbox and the four-eyes checks read, so the portfolio's open reviews are never fetched.
            models.Index(
                fields=["initiative"],
                include=["id", "requested_by", "round", "requested_at", "phase", "attempt", "risk_tier"],
                condition=models.Q(status=ReviewStatus.OPEN),
                name="review_open_inbox",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.phase} #{self.attempt}"

    @property
    def is_live(self) -> bool:
        """Open for signing or waiting for the owner's answer (not decided, withdrawn or closed)."""
        return self.decided_at is None

    @property
    def waiting_for_owner(self) -> bool:
        """A signer requested changes; nobody signs until the owner answers."""
        return self.status == ReviewStatus.CHANGES_REQUESTED and self.decided_at is None


class ReviewSlot(models.Model):
    """A sign-off a review needs: a role, and an ordinal when the role signs twice (high risk: two officers)."""

    review = models.ForeignKey(GateReview, on_delete=models.CASCADE, related_name="slots")
    role = models.CharField(max_length=30, choices=Role.choices)
    ordinal = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField(default=0)
    # A slot drops out (and is kept on record) when a confirmed risk-tier change no longer requires it.
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["review", "role", "ordinal"], name="slot_unique_role_ordinal")]

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        """Stable name of the slot in the API: the role, with ``_2`` for a second slot of the same role."""
        return self.role if self.ordinal == 1 else f"{self.role}_{self.ordinal}"


FOUR_EYES_SQL = """
    IF EXISTS (SELECT 1 FROM governance_gatereview r JOIN adoption_initiative i ON i.id = r.initiative_id
               WHERE r.id = NEW.review_id AND (r.requested_by_id = NEW.signer_id OR i.owner_id = NEW.signer_id)) THEN
        RAISE EXCEPTION 'four-eyes: the requester or owner cannot sign review %', NEW.review_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM governance_signoff s
               WHERE s.review_id = NEW.review_id AND s.signer_id = NEW.signer_id AND s.slot_id <> NEW.slot_id) THEN
        RAISE EXCEPTION 'four-eyes: one person signs one slot of review %', NEW.review_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM governance_reviewslot sl
               JOIN governance_gatereview r ON r.id = sl.review_id
               JOIN adoption_gatecriterion c ON c.initiative_id = r.initiative_id AND c.phase = r.phase
               WHERE sl.id = NEW.slot_id AND sl.role = 'compliance_officer' AND c.waived_by_id = NEW.signer_id) THEN
        RAISE EXCEPTION 'four-eyes: a waiver author cannot sign the compliance slot of review %', NEW.review_id
            USING ERRCODE = 'check_violation';
    END IF;
    -- Signing on behalf of a delegator: the same rules hold for the delegator, whose authority is used, and a
    -- person's authority (their own or lent) fills one slot of a review.
    IF NEW.on_behalf_of_id IS NOT NULL AND EXISTS (
               SELECT 1 FROM governance_gatereview r JOIN adoption_initiative i ON i.id = r.initiative_id
               WHERE r.id = NEW.review_id
                 AND (r.requested_by_id = NEW.on_behalf_of_id OR i.owner_id = NEW.on_behalf_of_id)) THEN
        RAISE EXCEPTION 'four-eyes: the requester or owner cannot sign review % through a delegate', NEW.review_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM governance_signoff s
               WHERE s.review_id = NEW.review_id AND s.slot_id <> NEW.slot_id
                 AND (s.on_behalf_of_id = NEW.signer_id
                      OR (NEW.on_behalf_of_id IS NOT NULL
                          AND (s.signer_id = NEW.on_behalf_of_id OR s.on_behalf_of_id = NEW.on_behalf_of_id)))) THEN
        RAISE EXCEPTION 'four-eyes: one person signs one slot of review %, in person or through a delegate',
            NEW.review_id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.on_behalf_of_id IS NOT NULL AND EXISTS (
               SELECT 1 FROM governance_reviewslot sl
               JOIN governance_gatereview r ON r.id = sl.review_id
               JOIN adoption_gatecriterion c ON c.initiative_id = r.initiative_id AND c.phase = r.phase
               WHERE sl.id = NEW.slot_id AND sl.role = 'compliance_officer'
                 AND c.waived_by_id = NEW.on_behalf_of_id) THEN
        RAISE EXCEPTION 'four-eyes: a waiver author cannot sign the compliance slot of review % through a delegate',
            NEW.review_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
"""


class SignOff(models.Model):
    """A signer's decision on a slot. Immutable once written; a stale round's approvals stay on record."""

    review = models.ForeignKey(GateReview, on_delete=models.PROTECT, related_name="signoffs")
    slot = models.ForeignKey(ReviewSlot, on_delete=models.PROTECT, related_name="signoffs")
    round = models.PositiveIntegerField()
    signer = person_field(related_name="signoffs")
    signer_name = models.CharField(max_length=300)
    grant = models.JSONField(help_text="The role assignment that entitled the signer, as it was at signing.")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=TEXT_LIMIT)
    evidence_hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField()
    # When and how the signer last proved who they were: a password here, the single sign-on provider, an API token.
    auth_at = models.DateTimeField(null=True, blank=True)
    auth_method = models.CharField(max_length=20, blank=True, db_default="")
    # With "request changes": the criteria the signer flagged as needing change, [{"code", "title", "note"}].
    flags = models.JSONField(default=list, blank=True, db_default=[])
    # Signed by a delegate: whose authority was used, by which delegation (governance.models.delegations).
    on_behalf_of = person_field(optional=True, related_name="signoffs_delegated")
    on_behalf_of_name = models.CharField(max_length=300, blank=True, db_default="")
    delegation = models.ForeignKey(
        "governance.Delegation", null=True, blank=True, on_delete=models.PROTECT, related_name="signoffs"
    )

    class Meta:
        ordering = ["signed_at"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.UniqueConstraint(fields=["slot", "round"], name="signoff_one_per_slot_round"),
            models.UniqueConstraint(fields=["review", "round", "signer"], name="signoff_one_slot_per_signer"),
            models.CheckConstraint(
                condition=models.Q(decision="approve") | ~models.Q(comment=""), name="signoff_comment_unless_approve"
            ),
            models.CheckConstraint(
                condition=models.Q(on_behalf_of__isnull=True, delegation__isnull=True)
                | (
                    models.Q(on_behalf_of__isnull=False, delegation__isnull=False)
                    & ~models.Q(on_behalf_of=models.F("signer"))
                ),
                name="signoff_on_behalf_by_delegation",
            ),
        ]
        triggers = [
            append_only("signoff_append_only"),
            pgtrigger.Trigger(
                name="signoff_four_eyes",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert,
                func=FOUR_EYES_SQL,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.review_id}/{self.slot_id} {self.decision}"


class ReviewAnswer(models.Model):
    """The owner's answer to a request for changes: a comment after updating the evidence. It opens the review for
    signing again in a new round (``round``), in which every slot signs again."""

    review = models.ForeignKey(GateReview, on_delete=models.PROTECT, related_name="answers")
    round = models.PositiveIntegerField()
    author = person_field(related_name="review_answers")
    author_name = models.CharField(max_length=300)
    comment = models.TextField(_("answer"), max_length=TEXT_LIMIT)
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["answered_at", "pk"]
        verbose_name = _("answer to a request for changes")
        verbose_name_plural = _("answers to requests for changes")
        constraints = [models.UniqueConstraint(fields=["review", "round"], name="review_answer_one_per_round")]
        triggers = [append_only("review_answer_append_only")]

    def __str__(self) -> str:
        return f"{self.review_id} round {self.round}"
