"""The API of intake: proposals (submit, read, screen; the CoE accepts, merges or declines) and the tracks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers
from rest_framework.response import Response

from adoption.api.views import id_param, resolve_refs
from core.api.base import Int, Ref, operation, query, validated
from core.api.endpoints import Action, Target, endpoint
from core.api.inputs import serializer_for
from intake import screening, services
from intake.choices import ProposalStatus
from intake.inputs import DeclineInput, ProposalInput
from intake.selectors import proposal_get, proposals_visible, tracks_list

TAG = "intake"
PROPOSAL_ID = id_param("proposal_id", "proposal")


class ScreeningVerdictSerializer(serializers.Serializer):
    complete = serializers.BooleanField(help_text="Every screening question is answered.")
    prohibited = serializers.BooleanField(help_text="A prohibited practice is declared: it cannot be accepted.")
    fast_track = serializers.BooleanField(help_text="The CoE may choose the fast track at acceptance.")
    missing = serializers.ListField(child=serializers.CharField(), help_text="Question codes not answered yet.")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why the fast track is not allowed.")


class ProposalSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    key = serializers.CharField(read_only=True)
    title = serializers.CharField()
    pain_point = serializers.CharField()
    value_driver = serializers.CharField()
    data_involved = serializers.CharField()
    users = serializers.CharField()
    audience = serializers.CharField()
    business_unit = serializers.CharField(source="business_unit.code")
    proposer = serializers.CharField(source="proposer.username")
    status = serializers.CharField()
    screening = serializers.DictField(help_text="The answers under the common applicability questionnaire's codes.")
    verdict = serializers.SerializerMethodField()
    initiative = serializers.CharField(source="initiative.key", allow_null=True, default=None)
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True)
    track = serializers.CharField(source="track.code", allow_null=True, default=None)
    decline_reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)

    def get_verdict(self, proposal) -> ScreeningVerdictSerializer:
        return ScreeningVerdictSerializer(screening.verdict(proposal.screening)).data


class ProposalRequestSerializer(serializer_for(ProposalInput, name="ProposalRequestBase")):
    business_unit = Ref(max_length=40, help_text="Business unit code (one where you hold a role).")


class ScreeningRequestSerializer(serializers.Serializer):
    answers = serializers.DictField(
        help_text="Question code → answer: audience and deployed_in lists of codes, model_provider a code, "
        "personal_data, sensitive_personal_data, content_outside and automated_decisions true or false, "
        "prohibited_uses a list of practice codes (empty: none)."
    )


class AcceptRequestSerializer(serializers.Serializer):
    owner = Ref(help_text="The initiative owner's username.")
    sponsor = Ref(required=False, allow_null=True, help_text="The business sponsor's username.")
    track = Ref(max_length=40, required=False, allow_null=True, help_text="Track code (standard when none).")


class MergeRequestSerializer(serializers.Serializer):
    into_initiative = Ref(max_length=20, required=False, help_text="The key of the initiative to merge into.")
    into_proposal = Int(min_value=1, required=False, help_text="The id of the proposal to merge into.")


DeclineRequestSerializer = serializer_for(DeclineInput, name="DeclineRequest")


class TrackSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.DictField(child=serializers.CharField(), help_text="Per language: en, zh-hant, zh-hans.")
    description = serializers.DictField(child=serializers.CharField())
    criteria = serializers.DictField(help_text="Phase → criterion template codes; a phase not named takes them all.")
    slots = serializers.DictField(help_text="Phase → sign-off roles; a phase not named takes the sign-off matrix.")
    low_risk_only = serializers.BooleanField(help_text="Only for proposals whose screening allows the fast track.")


PROPOSAL = Target.by_id("proposal", PROPOSAL_ID, proposal_get, gettext_lazy("Proposal"), ProposalSerializer, TAG)


class ProposalQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ProposalStatus.choices, required=False, help_text="Only those in this status (submitted: the queue)."
    )


@operation(TAG, ProposalSerializer(many=True), (400,), parameters=[ProposalQuerySerializer])
def proposal_list_get(view, request):
    """Proposals, newest first: your own; the CoE sees every one"""
    proposals = proposals_visible(user=request.user)
    wanted = query(ProposalQuerySerializer, request)
    if wanted.get("status"):
        proposals = proposals.filter(status=wanted["status"])
    return view.paginated(proposals, ProposalSerializer)


@operation(
    TAG,
    ProposalSerializer,
    (400, 403),
    code=201,
    request=ProposalRequestSerializer,
    examples=[
        OpenApiExample(
            "A low-risk internal idea",
            value={
                "title": "Meeting-notes summariser",
                "pain_point": "Branch managers spend an hour a day writing up meetings.",
                "value_driver": "Time saved.",
                "data_involved": "Internal meeting transcripts.",
                "users": "Branch managers",
                "audience": "staff",
                "business_unit": "retail",
            },
        )
    ],
)
def proposal_list_post(view, request):
    """Propose an idea (anyone with a role in the business unit, or the CoE); the CoE is told"""
    data = resolve_refs(validated(ProposalRequestSerializer, request))
    proposal = services.proposal_submit(actor=request.user, **data)
    return Response(ProposalSerializer(proposal_get(user=request.user, pk=proposal.pk)).data, status=201)


def _accept_refs(data: dict) -> dict:
    return resolve_refs(data)


ACTIONS = (
    Action(
        PROPOSAL,
        "screening",
        services.proposal_screen,
        ScreeningRequestSerializer,
        "Answer the early screening (the proposer or the CoE, before triage); the verdict says if the fast track is "
        "allowed",
        examples=(
            OpenApiExample(
                "Low risk",
                value={
                    "answers": {
                        "audience": ["staff"],
                        "deployed_in": ["taiwan"],
                        "personal_data": False,
                        "sensitive_personal_data": False,
                        "content_outside": False,
                        "model_provider": "api_model",
                        "automated_decisions": False,
                        "prohibited_uses": [],
                    }
                },
            ),
        ),
    ),
    Action(
        PROPOSAL,
        "accept",
        services.proposal_accept,
        AcceptRequestSerializer,
        "Accept into exploration with an owner and a track (the CoE; the fast track only when the screening allows "
        "it; audited)",
        prepare=_accept_refs,
    ),
    Action(
        PROPOSAL,
        "merge",
        services.proposal_merge,
        MergeRequestSerializer,
        "Merge into an existing initiative or another proposal (the CoE; audited)",
    ),
    Action(
        PROPOSAL,
        "decline",
        services.proposal_decline,
        DeclineRequestSerializer,
        "Decline with a reason (the CoE; audited, the proposer is told)",
    ),
)


@operation(TAG, TrackSerializer(many=True))
def track_list_get(view, request):
    """The tracks an accepted proposal may take (standard, fast), with their criteria and slots per phase"""
    return Response(TrackSerializer(tracks_list(), many=True).data)


ProposalListView = endpoint(get=proposal_list_get, post=proposal_list_post, cursor_ordering=("-created_at", "-pk"))
ProposalDetailView = endpoint(get=PROPOSAL.detail("One proposal (your own; the CoE: any)"))
TrackListView = endpoint(get=track_list_get)

ROUTES = (
    ("proposals/", ProposalListView, "proposal-list"),
    ("proposals/<str:proposal_id>/", ProposalDetailView, "proposal-detail"),
    ("tracks/", TrackListView, "track-list"),
)
