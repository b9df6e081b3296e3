"""Evaluation runs through the API: CI pipelines push a run (JSON, or multipart with the tool's own report), people
read an initiative's runs. A CI token (scope "evaluations") may push runs of its initiatives and do nothing else."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from adoption import evaluations
from adoption.api.views import KEY, InitiativeView
from adoption.inputs import EvaluationInput
from adoption.models import EvaluationRun
from adoption.services.evaluations import evaluation_record
from core.api.base import operation, validated
from core.api.endpoints import endpoint
from core.api.inputs import serializer_for
from core.exceptions import Forbidden, InvalidInput
from governance.models import ApiToken, TokenScope

_Described = serializer_for(EvaluationInput, name="EvaluationDescriptionSerializer")


class EvaluationRequestSerializer(_Described):
    metrics = serializers.JSONField(
        required=False, help_text='Metric name → number, e.g. {"faithfulness": 0.91}; in multipart, that JSON as text.'
    )
    report = serializers.FileField(required=False, help_text="The tool's own output, read by `report_format`.")
    report_format = serializers.ChoiceField(choices=list(evaluations.ADAPTERS), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The tool and model may come from the report itself.
        self.fields["tool"].required = False
        self.fields["model"].required = False


class EvaluationRunSerializer(serializers.ModelSerializer):
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = EvaluationRun
        fields = [
            *("number", "tool", "suite", "dataset_name", "dataset_sha256", "model", "model_version", "commit"),
            *("pipeline_url", "started_at", "finished_at", "metrics", "report_format", "report_sha256", "outcome"),
            *("submitted_by", "submitted_through", "created_at"),
        ]
        read_only_fields = fields


def _metrics(value):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise InvalidInput(
                _("The evaluation run was not recorded."), fields={"metrics": [_("Send the metrics as JSON.")]}
            ) from None
    return value


@operation("evaluations", EvaluationRunSerializer(many=True), (400, 404), parameters=[KEY])
def evaluation_list_get(view, request, key):
    """An initiative's evaluation runs, newest first"""
    runs = EvaluationRun.objects.restrict(request.user).filter(initiative=view.initiative()).order_by("-number")
    return view.paginated(runs, EvaluationRunSerializer)


@operation(
    "evaluations",
    EvaluationRunSerializer,
    (400, 403, 404, 409),
    code=201,
    parameters=[KEY],
    request={"application/json": EvaluationRequestSerializer, "multipart/form-data": EvaluationRequestSerializer},
    examples=[
        OpenApiExample(
            "A CI run with its metrics",
            value={
                "tool": "promptfoo",
                "suite": "claims-faq",
                "model": "gpt-4o-mini",
                "model_version": "2024-07-18",
                "commit": "9f2c1ab",
                "pipeline_url": "https://ci.bank.example/pipelines/4411",
                "dataset_name": "faq-golden-v3",
                "dataset_sha256": "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
                "metrics": {"faithfulness": 0.91, "pass_rate": 0.96},
            },
        )
    ],
)
def evaluation_list_post(view, request, key):
    """Push an evaluation run (owner, contributor, or a CI token of this initiative): each metric bound to a metric
    criterion becomes its evidence and decides it; in production, a worse value than the approved one is a regression"""
    token = request.auth
    initiative = view.initiative()
    through = ""
    if isinstance(token, ApiToken):
        through = f"token {token.prefix}… {token.name}"
        if token.scope == TokenScope.EVALUATIONS and not token.initiatives.filter(pk=initiative.pk).exists():
            raise Forbidden(
                _("This token pushes evaluation runs of other initiatives, not of %(key)s.") % {"key": initiative.key}
            )
    data = validated(EvaluationRequestSerializer, request)
    run = evaluation_record(
        actor=request.user,
        initiative=initiative,
        metrics=_metrics(data.pop("metrics", None)),
        report=data.pop("report", None),
        report_format=data.pop("report_format", ""),
        through=through,
        **{name: value for name, value in data.items() if value is not None},
    )
    return Response(EvaluationRunSerializer(run).data, status=status.HTTP_201_CREATED)


EvaluationListView = endpoint(
    base=InitiativeView,
    get=evaluation_list_get,
    post=evaluation_list_post,
    cursor_ordering=("-number",),
    parser_classes=[JSONParser, MultiPartParser],
    takes_evaluation_tokens=True,
)
