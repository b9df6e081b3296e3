"""API views of the regimes app: the catalogue, an initiative's applicability answers and classifications.

Reads go through the selectors (an invisible initiative is a 404 on every method), writes through the services."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample
from rest_framework.response import Response

from adoption.api.views import KEY, InitiativeView, id_param
from core.api.base import operation, parse_id, validated
from core.api.endpoints import endpoint
from governance.stepup import auth_proof
from regimes.api import serializers as s
from regimes.selectors.obligations import current_answers, published_versions
from regimes.selectors.regulatory import classification_get, regulatory
from regimes.services.applicability import applicability_answer, classification_confirm, questionnaire

CLASSIFICATION_ID = id_param("classification_id", "classification")


@operation("regimes", s.RegimeVersionSerializer(many=True))
def regime_list_get(view, request):
    """The regulatory catalogue: the published version of every enabled regime"""
    return Response(s.RegimeVersionSerializer(published_versions(), many=True).data)


RegimeListView = endpoint(get=regime_list_get)


def _applicability(initiative) -> dict:
    row = current_answers(initiative)
    return {
        "version": row.version if row else None,
        "phase": row.phase if row else None,
        "answers": row.answers if row else {},
        "answered_by": row.answered_by.username if row else None,
        "answered_at": row.answered_at if row else None,
        "questions": questionnaire(),
    }


@operation("regimes", s.ApplicabilitySerializer, (404,), parameters=[KEY])
def initiative_applicability_get(view, request, key):
    """An initiative's newest applicability answers, with the questions"""
    return Response(s.ApplicabilitySerializer(_applicability(view.initiative())).data)


@operation(
    "regimes",
    s.ApplicabilitySerializer,
    (400, 403, 404, 409),
    parameters=[KEY],
    request=s.ApplicabilityInputSerializer,
    examples=[
        OpenApiExample(
            "Answers", value={"answers": {"deployed_in": ["eu"], "audience": ["customers"], "sector": "banking"}}
        )
    ],
)
def initiative_applicability_put(view, request, key):
    """Answer the applicability questionnaire again (a new version); classifications are proposed from it"""
    data = validated(s.ApplicabilityInputSerializer, request)
    initiative = view.initiative()
    applicability_answer(initiative=initiative, answers=data["answers"], actor=request.user)
    return Response(s.ApplicabilitySerializer(_applicability(initiative)).data)


InitiativeApplicabilityView = endpoint(
    base=InitiativeView, get=initiative_applicability_get, put=initiative_applicability_put
)


@operation("regimes", s.RegulatorySerializer, (404,), parameters=[KEY])
def initiative_classifications_get(view, request, key):
    """An initiative's classifications with reasons, obligations with citations, and the slots and cadence they
    imply"""
    return Response(s.RegulatorySerializer(regulatory(view.initiative())).data)


InitiativeClassificationsView = endpoint(base=InitiativeView, get=initiative_classifications_get)


@operation("regimes", s.RegulatorySerializer, (403, 404, 409), parameters=[KEY, CLASSIFICATION_ID], request=None)
def initiative_classification_confirm_post(view, request, key, classification_id):
    """Confirm a proposed classification (a compliance officer in scope); the risk tier becomes the strictest
    confirmed"""
    initiative = view.initiative()
    classification = classification_get(
        user=request.user, initiative=initiative, pk=parse_id(classification_id, what=_("Classification"))
    )
    classification_confirm(actor=request.user, classification=classification, auth=auth_proof(request))
    initiative.refresh_from_db()
    return Response(s.RegulatorySerializer(regulatory(initiative)).data)


InitiativeClassificationConfirmView = endpoint(base=InitiativeView, post=initiative_classification_confirm_post)
