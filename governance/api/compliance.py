"""API of what a compliance review holds: its questionnaire and answers, evidence files, findings (carried forward)
and action items; the questionnaires the compliance lead edits.

Reads go through the selectors (an invisible review, file, finding or item is a 404), writes through the services
in ``governance.services.compliance_items``, which authorise the actor.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from adoption.api.views import id_param, user_ref
from adoption.choices import RiskTier
from core.api.base import Int, QueryBool, Ref, Str, operation, query, validated
from core.api.endpoints import Action, Target, endpoint
from core.api.inputs import serializer_for
from governance import inputs
from governance.api.views import COMPLIANCE_REVIEW, COMPLIANCE_REVIEW_ID
from governance.choices import ActionItemStatus, FindingStatus
from governance.models import ComplianceFinding
from governance.selectors.compliance import (
    compliance_action_item_get,
    compliance_action_items_of,
    compliance_action_items_visible,
    compliance_attachments_of,
    compliance_finding_get,
    compliance_findings_of,
    compliance_questionnaires_current,
    review_questions,
)
from governance.services import compliance_items

TAG = "compliance reviews"

# --- Serializers ------------------------------------------------------------------------------------------------


class QuestionnaireSerializer(serializers.Serializer):
    id = Int(read_only=True)
    risk_tier = serializers.ChoiceField(choices=RiskTier.choices, read_only=True)
    version = Int(read_only=True)
    questions = serializers.JSONField(
        read_only=True,
        help_text='Each: {"code", "answer_type": yes_no|text|choice, "required", "text": {"en", "zh-hant", '
        '"zh-hans"}, "choices": [{"code", "text"}]}.',
    )
    note = Str(read_only=True)
    created_by = Str(source="created_by.username", read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


class QuestionnaireReviseSerializer(serializer_for(inputs.QuestionnaireReviseInput)):
    questions = serializers.ListField(
        child=serializers.DictField(), min_length=1, max_length=60, help_text="The whole list of questions."
    )


class ReviewQuestionnaireSerializer(serializers.Serializer):
    questionnaire = QuestionnaireSerializer(allow_null=True, read_only=True)
    answers = serializers.DictField(child=Str(), read_only=True)
    pinned = serializers.BooleanField(
        read_only=True, help_text="Whether the review is answered with this version (from its first answer on)."
    )


class AnswersSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=5000),
        help_text="By question code: `yes`/`no`, a choice's code, or text; an empty string removes an answer.",
    )


class AttachmentSerializer(serializers.Serializer):
    id = Int(read_only=True)
    review = Int(source="review_id", read_only=True)
    file_name = Str(read_only=True)
    content_type = Str(read_only=True)
    size = Int(read_only=True)
    sha256 = Str(read_only=True)
    description = Str(read_only=True)
    created_by = Str(source="created_by.username", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    download = serializers.SerializerMethodField(help_text="The file, for those who may see the initiative.")

    def get_download(self, obj) -> str:
        return reverse("governance:compliance_attachment", args=[obj.pk])


class AttachmentUploadSerializer(serializer_for(inputs.AttachmentInput)):
    file = serializers.FileField(max_length=255)


class FindingSerializer(serializers.Serializer):
    id = Int(read_only=True)
    initiative = Str(source="initiative.key", read_only=True)
    raised_in = Int(source="raised_in_id", read_only=True)
    closed_in = Int(source="closed_in_id", read_only=True, allow_null=True)
    text = Str(read_only=True)
    status = serializers.ChoiceField(choices=FindingStatus.choices, read_only=True)
    carried = serializers.SerializerMethodField(help_text="Raised in an earlier review (in a review's list).")
    closing_note = Str(read_only=True)
    created_by = Str(source="created_by.username", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    closed_by = Str(source="closed_by.username", read_only=True, allow_null=True)
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_carried(self, obj) -> bool | None:
        return getattr(obj, "carried", None)


FindingRaiseSerializer = serializer_for(inputs.FindingInput)
FindingCloseSerializer = serializer_for(inputs.FindingCloseInput)


class ActionItemSerializer(serializers.Serializer):
    id = Int(read_only=True)
    initiative = Str(source="initiative.key", read_only=True)
    review = Int(source="review_id", read_only=True)
    finding = Int(source="finding_id", read_only=True, allow_null=True)
    title = Str(read_only=True)
    owner = Str(source="owner.username", read_only=True)
    due_on = serializers.DateField(read_only=True)
    status = serializers.ChoiceField(choices=ActionItemStatus.choices, read_only=True)
    done_note = Str(read_only=True)
    done_by = Str(source="done_by.username", read_only=True, allow_null=True)
    done_at = serializers.DateTimeField(read_only=True, allow_null=True)


class ActionItemAddSerializer(serializer_for(inputs.ActionItemInput)):
    owner = Ref(help_text="The username of the person who is to do it (someone who can see the initiative).")
    finding = Int(required=False, allow_null=True, help_text="The finding it answers, if any.")


ActionItemDoneSerializer = serializer_for(inputs.ActionItemDoneInput)


class ActionItemQuerySerializer(serializers.Serializer):
    mine = QueryBool(default=False, help_text="Only those you own.")
    status = serializers.ChoiceField(choices=ActionItemStatus.choices, required=False)


# --- Targets ----------------------------------------------------------------------------------------------------

FINDING_ID = id_param("finding_id", "compliance finding")
ACTION_ITEM_ID = id_param("item_id", "compliance action item")

FINDING = Target.by_id(
    "compliance-finding", FINDING_ID, compliance_finding_get, gettext_lazy("Finding"), FindingSerializer, TAG
)
ACTION_ITEM = Target.by_id(
    "compliance-action-item",
    ACTION_ITEM_ID,
    compliance_action_item_get,
    gettext_lazy("Action item"),
    ActionItemSerializer,
    TAG,
)


# --- A review's questionnaire ----------------------------------------------------------------------------------


def _questionnaire_answer(view, review, result=None):
    review = result or review
    version, _questions = review_questions(review=review)
    shown = {"questionnaire": version, "answers": review.answers, "pinned": review.questionnaire_id is not None}
    return Response(ReviewQuestionnaireSerializer(shown).data)


@operation(TAG, ReviewQuestionnaireSerializer, (404,), parameters=[COMPLIANCE_REVIEW_ID])
def review_questionnaire_get(view, request, review_id):
    """The questionnaire a compliance review answers (its pinned version, or its tier's current one) and the answers"""
    return _questionnaire_answer(view, COMPLIANCE_REVIEW.read(view))


ANSWER = Action(
    COMPLIANCE_REVIEW,
    "questionnaire",
    compliance_items.compliance_review_answer,
    AnswersSerializer,
    "Answer questions of an open review (a compliance officer in scope); the first answer pins the version",
    answer=_questionnaire_answer,
    shown=ReviewQuestionnaireSerializer,
    examples=(OpenApiExample("Answers", value={"answers": {"purpose_unchanged": "yes", "incidents": "None."}}),),
)
ReviewQuestionnaireView = endpoint(get=review_questionnaire_get, post=ANSWER.post())


# --- Evidence files ---------------------------------------------------------------------------------------------


@operation(TAG, AttachmentSerializer(many=True), (404,), parameters=[COMPLIANCE_REVIEW_ID])
def review_attachments_get(view, request, review_id):
    """The evidence files of a compliance review"""
    review = COMPLIANCE_REVIEW.read(view)
    return Response(AttachmentSerializer(compliance_attachments_of(review=review)[:500], many=True).data)


@operation(
    TAG,
    AttachmentSerializer,
    (400, 403, 404, 409, 415),
    code=201,
    parameters=[COMPLIANCE_REVIEW_ID],
    request={"multipart/form-data": AttachmentUploadSerializer},
)
def review_attachments_post(view, request, review_id):
    """Attach an evidence file to an open review (multipart; a compliance officer in scope)"""
    review = COMPLIANCE_REVIEW.read(view)
    data = validated(AttachmentUploadSerializer, request)
    attachment = compliance_items.compliance_attachment_add(
        actor=request.user, review=review, file=data["file"], description=data.get("description", "")
    )
    return Response(AttachmentSerializer(attachment).data, status=201)


ReviewAttachmentsView = endpoint(
    get=review_attachments_get, post=review_attachments_post, parser_classes=[MultiPartParser]
)


# --- Findings ---------------------------------------------------------------------------------------------------


@operation(TAG, FindingSerializer(many=True), (404,), parameters=[COMPLIANCE_REVIEW_ID])
def review_findings_get(view, request, review_id):
    """The findings of a compliance review: raised in it, and those of earlier reviews not closed before it"""
    review = COMPLIANCE_REVIEW.read(view)
    return Response(FindingSerializer(compliance_findings_of(review=review)[:500], many=True).data)


RAISE = Action(
    COMPLIANCE_REVIEW,
    "findings",
    compliance_items.compliance_finding_raise,
    FindingRaiseSerializer,
    "Raise a finding in an open review (a compliance officer in scope); it stays open until a review closes it",
    code=201,
    answer=FindingSerializer,
    shown=FindingSerializer,
)
ReviewFindingsView = endpoint(get=review_findings_get, post=RAISE.post())


# --- Action items -----------------------------------------------------------------------------------------------


@operation(TAG, ActionItemSerializer(many=True), (404,), parameters=[COMPLIANCE_REVIEW_ID])
def review_action_items_get(view, request, review_id):
    """The action items of a compliance review, and those of earlier reviews still open"""
    review = COMPLIANCE_REVIEW.read(view)
    return Response(ActionItemSerializer(compliance_action_items_of(review=review)[:500], many=True).data)


def _action_item_arguments(data: dict) -> dict:
    data["owner"] = user_ref(data["owner"], "owner")
    finding_id = data.pop("finding", None)
    data["finding"] = None
    if finding_id is not None:
        data["finding"] = ComplianceFinding(pk=finding_id)
    return data


ASSIGN = Action(
    COMPLIANCE_REVIEW,
    "action-items",
    compliance_items.compliance_action_item_add,
    ActionItemAddSerializer,
    "Give a person an action with a due date in an open review (a compliance officer in scope); reminders chase it",
    code=201,
    prepare=_action_item_arguments,
    answer=ActionItemSerializer,
    shown=ActionItemSerializer,
    examples=(
        OpenApiExample("Action", value={"title": "Keep prompt logs 90 days", "owner": "owner", "due_on": "2027-01-31"}),
    ),
)
ReviewActionItemsView = endpoint(get=review_action_items_get, post=ASSIGN.post())


@operation(TAG, ActionItemSerializer(many=True), (400,), parameters=[ActionItemQuerySerializer])
def action_item_list_get(view, request):
    """Action items of compliance reviews of the initiatives you may see, soonest due first"""
    items = compliance_action_items_visible(user=request.user, **query(ActionItemQuerySerializer, request))
    return view.paginated(items, ActionItemSerializer)


ActionItemListView = endpoint(get=action_item_list_get, cursor_ordering=("due_on", "pk"))
ActionItemDetailView = endpoint(get=ACTION_ITEM.detail("One compliance action item"))
FindingDetailView = endpoint(get=FINDING.detail("One compliance finding"))


# --- Questionnaires ---------------------------------------------------------------------------------------------


@operation(TAG, QuestionnaireSerializer(many=True), ())
def questionnaire_list_get(view, request):
    """The current compliance questionnaire of each risk tier"""
    return Response(QuestionnaireSerializer(compliance_questionnaires_current(), many=True).data)


REVISE = Action(
    None,
    "compliance-questionnaires/",
    compliance_items.compliance_questionnaire_revise,
    QuestionnaireReviseSerializer,
    "A new version of a tier's questionnaire (the compliance lead); reviews answered keep theirs",
    tag=TAG,
    answer=QuestionnaireSerializer,
    shown=QuestionnaireSerializer,
    errors=(400, 403, 409),
    examples=(
        OpenApiExample(
            "Revise",
            value={
                "risk_tier": "minimal",
                "note": "One question.",
                "questions": [
                    {
                        "code": "purpose_unchanged",
                        "answer_type": "yes_no",
                        "required": True,
                        "text": {"en": "Same use?"},
                    }
                ],
            },
        ),
    ),
)
QuestionnaireListView = endpoint(get=questionnaire_list_get, post=REVISE.post())

# What a POST on one object does.
ACTIONS = (
    Action(
        FINDING,
        "close",
        compliance_items.compliance_finding_close,
        FindingCloseSerializer,
        "Close an open finding in the initiative's open review, with a note (a compliance officer in scope)",
    ),
    Action(
        ACTION_ITEM,
        "done",
        compliance_items.compliance_action_item_done,
        ActionItemDoneSerializer,
        "Mark an action item done (its owner, or a compliance officer in scope); its reminders stop",
    ),
)

review = "compliance-reviews/<str:review_id>/"
ROUTES = (
    (review + "questionnaire/", ReviewQuestionnaireView, "compliance-review-questionnaire"),
    (review + "attachments/", ReviewAttachmentsView, "compliance-review-attachments"),
    (review + "findings/", ReviewFindingsView, "compliance-review-findings"),
    (review + "action-items/", ReviewActionItemsView, "compliance-review-action-items"),
    ("compliance-findings/<str:finding_id>/", FindingDetailView, "compliance-finding-detail"),
    ("compliance-action-items/", ActionItemListView, "compliance-action-item-list"),
    ("compliance-action-items/<str:item_id>/", ActionItemDetailView, "compliance-action-item-detail"),
    ("compliance-questionnaires/", QuestionnaireListView, "compliance-questionnaire-list"),
)
