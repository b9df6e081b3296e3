"""API views of the adoption app: business units, initiatives, gate criteria and evidence, ROI, model selection, funnel.

Each view reads through the selectors (so an invisible initiative is a 404 on every method) and writes through
the services (which authorise the actor themselves); errors become responses in ``core.api.base`` only.

Operations are functions joined into views by ``endpoint()``; see ``core.api.endpoints`` for ``Action``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from adoption.api import serializers as s
from adoption.api.filters import InitiativeFilter
from adoption.selectors.configuration import (
    criterion_template,
    criterion_templates,
    phase_definition,
    phase_definitions,
    selection_weights_current,
)
from adoption.selectors.criteria import criteria_for, criterion_get, evidence_versions
from adoption.selectors.funnel import funnel_summary
from adoption.selectors.initiatives import initiative_get, initiative_list
from adoption.selectors.people import reference_user
from adoption.selectors.roi import model_options_for, roi_ledger
from adoption.selectors.units import business_unit_visible, business_units_visible, reference_unit
from adoption.selectors.weekly import monday_view
from adoption.services import configuration, criteria, evidence, initiatives, roi, selection
from core.api.base import (
    KEY_RE,
    ApiView,
    PreconditionFailed,
    StableOrdering,
    check_key,
    operation,
    parse_id,
    query,
    validated,
)
from core.api.endpoints import Action, Target, endpoint
from core.exceptions import InvalidInput, NotFound, StaleVersion
from governance import access

KEY = OpenApiParameter(
    "key",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    pattern=KEY_RE.pattern,
    description="The initiative's key, e.g. AI-0001.",
)


def id_param(name: str, what: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.INT, OpenApiParameter.PATH, description=f"The {what}'s id.")


CRITERION_ID = id_param("criterion_id", "criterion")


class InitiativeMixin:
    """Views under ``initiatives/{key}/``: the initiative, visible to the user, or 404 on every method."""

    def get_queryset(self):
        return initiative_list(user=self.request.user)

    def get_object(self):
        return initiative_get(user=self.request.user, key=check_key(self.kwargs["key"]))

    def initiative(self):
        """The view's initiative, read once per request."""
        if not hasattr(self, "_initiative"):
            self._initiative = self.get_object()
        return self._initiative

    def criterion(self):
        return criterion_get(
            user=self.request.user,
            initiative=self.initiative(),
            pk=parse_id(self.kwargs["criterion_id"], what=_("Criterion")),
        )


# The base of the views under ``initiatives/{key}/``. It has no docstring of its own: the schema describes their
# operations with InitiativeMixin's, as it always has.
class InitiativeView(InitiativeMixin, ApiView):
    pass


INITIATIVE = Target(
    "initiative",
    "initiatives/<str:key>/",
    (KEY,),
    InitiativeView.initiative,
    "initiative",
    lambda view, initiative, result: initiative_response(view.request, initiative.key),
    s.InitiativeDetailSerializer,
    tag="initiatives",
    base=InitiativeView,
    body_first=True,
)
CRITERION = Target(
    "criterion",
    "initiatives/<str:key>/criteria/<str:criterion_id>/",
    (KEY, CRITERION_ID),
    InitiativeView.criterion,
    "criterion",
    lambda view, criterion, result: Response(_criterion_data(view.request, criterion.pk, view.initiative())),
    s.CriterionSerializer,
    tag="criteria",
    base=InitiativeView,
)


def unit_ref(code, field: str):
    if code is None:
        return None
    unit = reference_unit(code=code)
    if unit is None:
        raise InvalidInput(
            _("Unknown business unit."), fields={field: [_("No business unit with code “%(c)s”.") % {"c": code[:40]}]}
        )
    return unit


def user_ref(username, field: str):
    if username is None:
        return None
    person = reference_user(username=username)
    if person is None:
        raise InvalidInput(_("Unknown user."), fields={field: [_("No active user “%(u)s”.") % {"u": username[:150]}]})
    return person


def resolve_refs(data: dict) -> dict:
    """Replace unit codes and usernames in ``data`` by the objects (400 with the field when unknown)."""
    if "business_unit" in data:
        data["business_unit"] = unit_ref(data["business_unit"], "business_unit")
    for field in ("owner", "sponsor"):
        if field in data:
            data[field] = user_ref(data[field], field)
    return data


# --- Business units ---------------------------------------------------------------------------------------------


@operation("business units", s.BusinessUnitSerializer(many=True), (400,))
def business_unit_list_get(view, request):
    """Business units you may see"""
    return view.paginated(business_units_visible(user=request.user).select_related("parent"), s.BusinessUnitSerializer)


ADD_BUSINESS_UNIT = Action(
    None,
    "business-units",
    initiatives.business_unit_create,
    s.BusinessUnitCreateSerializer,
    "Add a business unit (CoE)",
    tag="business units",
    prepare=lambda data: {**data, "parent": unit_ref(data.get("parent"), "parent")},
    answer=s.BusinessUnitSerializer,
    examples=(OpenApiExample("Sub-unit", value={"code": "cards", "name": "Cards", "parent": "retail"}),),
)
BusinessUnitListView = endpoint(get=business_unit_list_get, post=ADD_BUSINESS_UNIT.post(), cursor_ordering=("code",))


@operation(
    "business units",
    s.BusinessUnitSerializer,
    (404,),
    parameters=[OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH)],
)
def business_unit_detail_get(view, request, code):
    """One business unit"""
    unit = business_unit_visible(user=request.user, code=str(code)[:40])
    return Response(s.BusinessUnitSerializer(unit).data)


BusinessUnitDetailView = endpoint(get=business_unit_detail_get)


# --- Initiatives ------------------------------------------------------------------------------------------------


REGISTER_INITIATIVE = Action(
    None,
    "initiatives",
    initiatives.initiative_create,
    s.InitiativeCreateSerializer,
    "Register an initiative in exploration (CoE)",
    tag="initiatives",
    prepare=resolve_refs,
    answer=lambda view, _, created: initiative_response(view.request, created.key),
    shown=s.InitiativeDetailSerializer,
    examples=(
        OpenApiExample(
            "New initiative",
            value={
                "title": "Contract summariser",
                "business_unit": "retail",
                "owner": "owner",
                "sponsor": "sponsor",
                "pain_point": "Lawyers spend hours reading supplier contracts.",
            },
        ),
    ),
)


class InitiativeListView(ApiView):
    filter_backends = [DjangoFilterBackend, StableOrdering]
    filterset_class = InitiativeFilter
    ordering_fields = ["number", "title", "created_at", "updated_at", "planned_phase_end"]
    ordering = ["number"]

    def get_queryset(self):
        # Each row's tags in one more query for the page (``InitiativeSerializer.tags``).
        return initiative_list(user=self.request.user).prefetch_related("tags")

    @operation(
        "initiatives",
        s.InitiativeSerializer(many=True),
        (400,),
        description="Cursor-paginated (follow `next`); filters combine with AND. No total count is computed.",
    )
    def get(self, request):
        """Initiatives you may see"""
        return self.paginated(self.filter_queryset(self.get_queryset()), s.InitiativeSerializer)

    post = REGISTER_INITIATIVE.post()


def initiative_response(request, key: str, code: int = status.HTTP_200_OK, *, initiative=None) -> Response:
    """The initiative as the user now sees it (``initiative`` when the view has just read it), with its version as
    an ETag."""
    if initiative is None:
        initiative = initiative_get(user=request.user, key=key)
    permissions = access.initiative_permissions(user=request.user, initiative=initiative)
    data = s.InitiativeDetailSerializer(initiative, context={"permissions": permissions}).data
    return Response(data, status=code, headers={"ETag": f'"{initiative.version}"'})


def _if_match_version(request) -> int | None:
    header = request.headers.get("If-Match")
    if header is None:
        return None
    value = header.strip()
    value = value.removeprefix("W/").strip('"')
    if not value.isdigit() or len(value) > 10:
        raise PreconditionFailed(_('If-Match must name the version as returned in the ETag, e.g. "3".'))
    return int(value)


@operation("initiatives", s.InitiativeDetailSerializer, (404,), parameters=[KEY])
def initiative_detail_get(view, request, key):
    """One initiative"""
    with access.answered_once(request.user):
        initiative = view.initiative()
        return initiative_response(request, initiative.key, initiative=initiative)


@operation(
    "initiatives",
    s.InitiativeDetailSerializer,
    (400, 403, 404, 409, 412),
    description='Send the `version` you read (or `If-Match: "<version>"`). A stale version is refused with '
    "409 (412 when named in If-Match); reload and retry.",
    parameters=[
        KEY,
        OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False),
    ],
    request=s.InitiativeUpdateSerializer,
    examples=[OpenApiExample("Retitle", value={"title": "Contract summariser (EU)", "version": 3})],
)
def initiative_detail_patch(view, request, key):
    """Edit an initiative (owner or CoE; owner, sponsor and unit: CoE)"""
    initiative = view.initiative()
    data = validated(s.InitiativeUpdateSerializer, request, partial=True)
    if_match = _if_match_version(request)
    body_version = data.pop("version", None)
    if if_match is None and body_version is None:
        raise InvalidInput(
            _("%(key)s was not changed.") % {"key": initiative.key},
            fields={"version": [_("Send the version you read (or an If-Match header).")]},
        )
    data = resolve_refs(data)
    try:
        initiatives.initiative_update(
            actor=request.user,
            initiative=initiative,
            expected_version=if_match if if_match is not None else body_version,
            **data,
        )
    except StaleVersion as stale:
        if if_match is not None:
            raise PreconditionFailed(stale.message) from None
        raise
    return initiative_response(request, initiative.key)


InitiativeDetailView = endpoint(base=InitiativeView, get=initiative_detail_get, patch=initiative_detail_patch)


# --- Criteria and evidence --------------------------------------------------------------------------------------


def _criterion_data(request, criterion_id: int, initiative) -> dict:
    criterion = criterion_get(user=request.user, initiative=initiative, pk=criterion_id)
    return s.CriterionSerializer(criterion).data


@operation(
    "criteria",
    s.CriterionSerializer(many=True),
    (400, 404),
    description="At most one phase's criteria (a dozen or so), so this list is not paginated.",
    parameters=[KEY, s.CriteriaQuerySerializer],
)
def criterion_list_get(view, request, key):
    """Gate criteria of a phase (default: the current one), in gate order"""
    phase = query(s.CriteriaQuerySerializer, request).get("phase")
    items = criteria_for(user=request.user, initiative=view.initiative(), phase=phase)
    return Response(s.CriterionSerializer(items, many=True).data)


CriterionListView = endpoint(base=InitiativeView, get=criterion_list_get)


@operation("criteria", s.CriterionSerializer, (404,), parameters=[KEY, CRITERION_ID])
def criterion_detail_get(view, request, key, criterion_id):
    """One gate criterion"""
    return Response(s.CriterionSerializer(view.criterion()).data)


@operation(
    "criteria",
    s.CriterionSerializer,
    (400, 403, 404, 409),
    description="`evidence_text` / `evidence_url` append an evidence version first; then `status` is applied. "
    "Marking `met` is refused (409) with the reasons when the value misses its threshold, evidence is "
    "missing or expired. Both happen in one transaction. A criterion the initiative's data judges (`derived`) "
    "follows the data: a `status` on it is refused (409) with what the data says; a duration takes the first and "
    "last day of its period (`period_start`, `period_end`) and counts its days from them.",
    parameters=[KEY, CRITERION_ID],
    request=s.CriterionUpdateSerializer,
    examples=[
        OpenApiExample("Met with a link", value={"status": "met", "evidence_url": "https://wiki.example/spike"}),
        OpenApiExample("Measured value", value={"metric_value": "0.92", "evidence_date": "2026-05-01"}),
    ],
)
def criterion_detail_patch(view, request, key, criterion_id):
    """Record a criterion's status, measured value, evidence date or evidence (owner, contributor)"""
    criterion = view.criterion()
    data = validated(s.CriterionUpdateSerializer, request, partial=True)
    text, url = data.pop("evidence_text", ""), data.pop("evidence_url", "")
    with transaction.atomic():
        if text or url:
            evidence.evidence_add(
                actor=request.user,
                criterion=criterion,
                kind="link" if url else "text",
                text=text,
                url=url,
                metric_value=data.pop("metric_value", None),
                evidence_date=data.pop("evidence_date", None),
            )
            if data.get("status") is not None:
                criteria.criterion_update(actor=request.user, criterion=criterion, status=data["status"])
        else:
            # With nothing to change the service says so (400).
            criteria.criterion_update(actor=request.user, criterion=criterion, **data)
    return Response(_criterion_data(request, criterion.pk, view.initiative()))


CriterionDetailView = endpoint(base=InitiativeView, get=criterion_detail_get, patch=criterion_detail_patch)


@operation("criteria", s.EvidenceSerializer(many=True), (404,), parameters=[KEY, CRITERION_ID])
def evidence_get(view, request, key, criterion_id):
    """Every evidence version of a criterion, oldest first"""
    versions = evidence_versions(user=request.user, criterion=view.criterion())
    return Response(s.EvidenceSerializer(versions[:1000], many=True).data)


@operation(
    "criteria",
    s.EvidenceSerializer,
    (400, 403, 404, 409, 415),
    code=201,
    parameters=[KEY, CRITERION_ID],
    request={"multipart/form-data": s.EvidenceUploadSerializer},
)
def evidence_post(view, request, key, criterion_id):
    """Upload evidence (multipart): a file, or a link or text (owner, contributor)"""
    criterion = view.criterion()
    data = validated(s.EvidenceUploadSerializer, request)
    upload = data.get("file")
    kind = data.get("kind") or ("file" if upload is not None else "link" if data.get("url") else "text")
    version = evidence.evidence_add(
        actor=request.user,
        criterion=criterion,
        kind=kind,
        text=data.get("text", ""),
        url=data.get("url", ""),
        file=upload,
        metric_value=data.get("metric_value"),
        evidence_date=data.get("evidence_date"),
        mark_met=data.get("mark_met", False),
    )
    return Response(s.EvidenceSerializer(version).data, status=status.HTTP_201_CREATED)


EvidenceView = endpoint(base=InitiativeView, get=evidence_get, post=evidence_post, parser_classes=[MultiPartParser])


# --- ROI --------------------------------------------------------------------------------------------------------


@operation("roi", s.RoiLedgerSerializer, (404,), parameters=[KEY])
def roi_get(view, request, key):
    """The ROI ledger: every estimate with derived figures, spend, realised value, comparison"""
    return Response(s.RoiLedgerSerializer(roi_ledger(user=request.user, initiative=view.initiative())).data)


def _in_ledger(entries: str, attribute: str, serializer) -> dict:
    """An action's answer: what the service wrote, with its figures, as the ROI ledger shows it (among ``entries``,
    the one whose ``attribute`` it is)."""

    def answer(view, initiative, written):
        ledger = roi_ledger(user=view.request.user, initiative=initiative)
        entry = next(e for e in getattr(ledger, entries) if getattr(e, attribute).pk == written.pk)
        return Response(serializer(entry).data)

    return {"answer": answer, "shown": serializer}


APPEND_ROI = Action(
    INITIATIVE,
    "roi",
    roi.roi_version_append,
    s.RoiVersionCreateSerializer,
    "Append an ROI version (owner or CoE); earlier versions never change",
    tag="roi",
    code=201,
    **_in_ledger("estimates", "version", s.EstimateSerializer),
    examples=(
        OpenApiExample(
            "Estimate",
            value={
                "currency": "EUR",
                "rate_to_reporting": "1",
                "rate_date": "2026-05-01",
                "confidence": "medium",
                "benefit_cash_saving": "120000.00",
                "one_off_cost": "60000.00",
                "run_cost_model": "12000.00",
            },
        ),
    ),
)
RoiView = endpoint(base=InitiativeView, get=roi_get, post=APPEND_ROI.post())


@operation("roi", s.RealisedTotalsSerializer, (404,), parameters=[KEY])
def realised_value_get(view, request, key):
    """Realised value entries with their figures and totals"""
    return Response(s.RealisedTotalsSerializer(roi_ledger(user=request.user, initiative=view.initiative())).data)


RECORD_REALISED = Action(
    INITIATIVE,
    "realised-value",
    roi.realised_value_record,
    s.RealisedCreateSerializer,
    "Record value measured over a period that has ended (owner or CoE)",
    tag="roi",
    code=201,
    **_in_ledger("realised", "entry", s.RealisedSerializer),
)
RealisedValueView = endpoint(base=InitiativeView, get=realised_value_get, post=RECORD_REALISED.post())


@operation("roi", s.SpendSerializer(many=True), (404,), parameters=[KEY])
def spend_get(view, request, key):
    """Spend entries, oldest period first"""
    return Response(
        s.SpendSerializer(roi_ledger(user=request.user, initiative=view.initiative()).spend, many=True).data
    )


RECORD_SPEND = Action(
    INITIATIVE,
    "spend",
    roi.spend_record,
    s.SpendCreateSerializer,
    "Record money spent in a period (owner or CoE)",
    tag="roi",
    code=201,
    answer=s.SpendSerializer,
)
SpendView = endpoint(base=InitiativeView, get=spend_get, post=RECORD_SPEND.post())


# --- Model selection --------------------------------------------------------------------------------------------


def _model_selection(view, request):
    weights, options = model_options_for(user=request.user, initiative=view.initiative())
    return {"weights": weights, "options": options}


@operation("model selection", s.ModelSelectionSerializer, (404,), parameters=[KEY])
def model_options_get(view, request, key):
    """The CoE's weights and the options considered, best weighted score first"""
    return Response(s.ModelSelectionSerializer(_model_selection(view, request)).data)


def _option(view, initiative, option):
    """The recorded option with its weighted score."""
    chosen = next(o for o in _model_selection(view, view.request)["options"] if o.pk == option.pk)
    return Response(s.ModelOptionSerializer(chosen).data)


RECORD_OPTION = Action(
    INITIATIVE,
    "model-options",
    selection.model_option_record,
    s.ModelOptionCreateSerializer,
    "Add an option scored 1–5 on the five dimensions (owner or CoE)",
    tag="model selection",
    code=201,
    answer=_option,
    shown=s.ModelOptionSerializer,
)
ModelOptionsView = endpoint(base=InitiativeView, get=model_options_get, post=RECORD_OPTION.post())


@operation(
    "model selection",
    s.ModelOptionSerializer,
    (400, 403, 404, 409),
    parameters=[KEY, id_param("option_id", "option")],
    request=s.ModelOptionChooseSerializer,
)
def model_option_choose_post(view, request, key, option_id):
    """Choose an option, with the rationale (owner or CoE)"""
    option_pk = parse_id(option_id, what=_("Option"))
    _weights, options = model_options_for(user=request.user, initiative=view.initiative())
    option = next((o for o in options if o.pk == option_pk), None)
    if option is None:
        raise NotFound(_("Option not found."))
    data = validated(s.ModelOptionChooseSerializer, request)
    selection.model_option_choose(actor=request.user, initiative=view.initiative(), option=option, **data)
    _weights, options = model_options_for(user=request.user, initiative=view.initiative())
    return Response(s.ModelOptionSerializer(next(o for o in options if o.pk == option_pk)).data)


ModelOptionChooseView = endpoint(base=InitiativeView, post=model_option_choose_post)


# --- Funnel -----------------------------------------------------------------------------------------------------


@operation(
    "funnel",
    s.FunnelSerializer,
    (400,),
    description="Executives and the CoE see the whole portfolio; everyone else their scope.",
    parameters=[s.FunnelQuerySerializer],
)
def funnel_get(view, request):
    """The adoption funnel over the initiatives you may see"""
    params = query(s.FunnelQuerySerializer, request)
    unit = None
    if params.get("business_unit"):
        try:
            unit = business_unit_visible(user=request.user, code=params["business_unit"])
        except NotFound:
            raise InvalidInput(
                _("The funnel was not computed."), fields={"business_unit": [_("No such business unit.")]}
            ) from None
    funnel = funnel_summary(user=request.user, business_unit=unit, cohort=params.get("cohort") or None)
    return Response(s.FunnelSerializer(funnel).data)


FunnelView = endpoint(get=funnel_get)


@operation(
    "funnel",
    s.WeeklyViewSerializer,
    (400,),
    description="The weekly snapshots recorded each Monday, summed over the business units you see whole "
    "(executives and the CoE: the whole portfolio), with the latest week per unit.",
    parameters=[s.WeeklyQuerySerializer],
)
def weekly_get(view, request):
    """The last 13 weeks of the funnel, as recorded each Monday"""
    params = query(s.WeeklyQuerySerializer, request)
    unit = None
    if params.get("business_unit"):
        try:
            unit = business_unit_visible(user=request.user, code=params["business_unit"])
        except NotFound:
            raise InvalidInput(
                _("The weekly figures were not read."), fields={"business_unit": [_("No such business unit.")]}
            ) from None
    return Response(s.WeeklyViewSerializer(monday_view(user=request.user, business_unit=unit)).data)


WeeklyView = endpoint(get=weekly_get)


# --- The CoE's configuration ------------------------------------------------------------------------------------

PHASE = OpenApiParameter("phase", OpenApiTypes.STR, OpenApiParameter.PATH, enum=s.Phase.values)


@operation("configuration", s.PhaseDefinitionSerializer(many=True))
def phase_list_get(view, request):
    """The three phases and their time boxes"""
    return Response(s.PhaseDefinitionSerializer(phase_definitions(), many=True).data)


PhaseListView = endpoint(get=phase_list_get)


@operation("configuration", s.PhaseDefinitionSerializer, (404,), parameters=[PHASE])
def phase_detail_get(view, request, phase):
    """One phase"""
    return Response(s.PhaseDefinitionSerializer(phase_definition(phase=phase)).data)


@operation(
    "configuration",
    s.PhaseDefinitionSerializer,
    (400, 403, 404),
    parameters=[PHASE],
    request=s.PhaseTimeBoxSerializer,
    examples=[OpenApiExample("Longer validation", value={"time_box_days": 75})],
)
def phase_detail_patch(view, request, phase):
    """Set a phase's time box (CoE); initiatives already in the phase keep their planned end"""
    definition = phase_definition(phase=phase)
    data = validated(s.PhaseTimeBoxSerializer, request)
    configuration.phase_time_box_set(actor=request.user, phase=definition.phase, days=data["time_box_days"])
    return Response(s.PhaseDefinitionSerializer(phase_definition(phase=phase)).data)


PhaseDetailView = endpoint(get=phase_detail_get, patch=phase_detail_patch)


@operation("configuration", s.CriterionTemplateSerializer(many=True), (400,), parameters=[s.TemplateQuerySerializer])
def criterion_template_list_get(view, request):
    """Gate criterion templates (the current versions, or every version with history=true)"""
    params = query(s.TemplateQuerySerializer, request)
    templates = criterion_templates(phase=params.get("phase"), current_only=not params["history"])
    return view.paginated(templates, s.CriterionTemplateSerializer)


ADD_TEMPLATE = Action(
    None,
    "criterion-templates",
    configuration.criterion_template_add,
    s.CriterionTemplateCreateSerializer,
    "Add a criterion to a phase's gate (CoE); initiatives entering the phase later get it",
    tag="configuration",
    answer=s.CriterionTemplateSerializer,
    examples=(
        OpenApiExample(
            "Metric",
            value={
                "phase": "validation",
                "code": "latency_p95",
                "title": "95th-percentile latency under 2 s",
                "kind": "metric",
                "comparator": "lte",
                "threshold": "2.0",
                "unit": "s",
            },
        ),
    ),
)
CriterionTemplateListView = endpoint(get=criterion_template_list_get, post=ADD_TEMPLATE.post(), cursor_ordering=("pk",))


def _template(view):
    return criterion_template(template_id=parse_id(view.kwargs["template_id"], what=_("Template")))


@operation(
    "configuration", s.CriterionTemplateSerializer, (404,), parameters=[id_param("template_id", "criterion template")]
)
def criterion_template_detail_get(view, request, template_id):
    """One version of a criterion template"""
    return Response(s.CriterionTemplateSerializer(_template(view)).data)


@operation(
    "configuration",
    s.CriterionTemplateSerializer,
    (400, 403, 404, 409),
    description="Answers with the new version (a new id). Revising a replaced version is 409.",
    parameters=[id_param("template_id", "criterion template")],
    request=s.CriterionTemplateReviseSerializer,
)
def criterion_template_detail_patch(view, request, template_id):
    """Revise a template (CoE): writes a new version; criteria already instantiated keep theirs"""
    template = _template(view)
    data = validated(s.CriterionTemplateReviseSerializer, request, partial=True)
    revised = configuration.criterion_template_revise(actor=request.user, template=template, **data)
    return Response(s.CriterionTemplateSerializer(revised).data)


CriterionTemplateDetailView = endpoint(get=criterion_template_detail_get, patch=criterion_template_detail_patch)


@operation("configuration", s.WeightsSerializer)
def selection_weights_get(view, request):
    """The model-selection weights in force"""
    return Response(s.WeightsSerializer(selection_weights_current()).data)


SET_WEIGHTS = Action(
    None,
    "selection-weights",
    selection.selection_weights_set,
    s.WeightsSetSerializer,
    "Set new model-selection weights in percent, adding up to 100 (CoE); the old version is kept",
    tag="configuration",
    answer=s.WeightsSerializer,
    examples=(
        OpenApiExample(
            "Security first",
            value={"quality": 25, "total_cost": 15, "data_security": 30, "control": 15, "vendor_risk": 15},
        ),
    ),
)
SelectionWeightsView = endpoint(get=selection_weights_get, post=SET_WEIGHTS.post())


# --- Actions on one object --------------------------------------------------------------------------------------


ACTIONS = (
    Action(
        INITIATIVE,
        "extend-phase",
        configuration.phase_extend,
        s.PhaseExtendSerializer,
        "Extend the current phase's planned end (CoE), with a reason",
    ),
    Action(
        CRITERION,
        "waive",
        criteria.criterion_waive,
        s.CriterionWaiveSerializer,
        "Waive a criterion until a date, with a reason (the role the template names; never the owner)",
        examples=(
            OpenApiExample("Waiver", value={"reason": "Covered by the group policy.", "expires_on": "2026-12-31"}),
        ),
    ),
)
