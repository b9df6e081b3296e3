"""Default phase time boxes, gate criterion templates and selection weights, from the seeds (PRODUCT.md §4).

Loaded once by a data migration; the CoE edits them afterwards (new template versions, audited).
"""

from decimal import Decimal

DEFAULT_TIME_BOX_DAYS = 60

# A row: (code, title, guidance, kind, comparator, threshold, unit, validity_days, waivable_by_role). Only a measured
# criterion (metric or duration) has a comparator, threshold and unit.


def _checklist(code: str, title: str, guidance: str, *, waiver: str = "") -> tuple:
    return (code, title, guidance, "checklist", "", None, "", None, waiver)


def _evidence(code: str, title: str, guidance: str, *, validity_days: int | None = None, waiver: str = "") -> tuple:
    return (code, title, guidance, "evidence", "", None, "", validity_days, waiver)


def _measured(
    kind: str,
    code: str,
    title: str,
    guidance: str,
    comparator: str,
    threshold: Decimal,
    unit: str,
    *,
    validity_days: int | None = None,
    waiver: str = "",
) -> tuple:
    return (code, title, guidance, kind, comparator, threshold, unit, validity_days, waiver)


DEFAULT_TEMPLATES: dict[str, list[tuple]] = {
    "exploration": [
        _checklist(
            "pain_point_prioritised",
            "Pain point inventoried and prioritised",
            "List the business pain points considered and why this one ranks first.",
            waiver="coe_admin",
        ),
        _evidence(
            "value_hypothesis",
            "Value hypothesis with KPI, baseline and target",
            "State the value driver, the KPI, its measured baseline and the target the initiative must reach.",
        ),
        _measured(
            "duration",
            "feasibility_spike",
            "Feasibility spike done within 2 weeks",
            "Time-box the technical spike to at most 14 days and attach its findings.",
            "lte",
            Decimal("14"),
            "days",
            waiver="coe_admin",
        ),
        _checklist(
            "first_roi_estimate",
            "First ROI estimate recorded",
            "Record the first ROI version: annual benefit by category, one-off and run costs, confidence.",
        ),
        _checklist(
            "risk_and_data_classified",
            "Risk tier and data classification set",
            "Classify the EU AI Act risk tier and the data the initiative touches.",
        ),
        _evidence(
            "sourcing_options_scored",
            "Model-sourcing options scored on the five dimensions",
            "Score closed-API, open-source and hybrid options on quality, total cost, data security and "
            "sovereignty, control and customisation, vendor risk and lock-in; record the rationale.",
            waiver="coe_admin",
        ),
    ],
    "validation": [
        _evidence(
            "production_data_pipeline",
            "Production-grade data pipeline",
            "An end-to-end pipeline on real data, built to production standards.",
            validity_days=180,
            waiver="compliance_officer",
        ),
        _measured(
            "metric",
            "automated_evaluation",
            "Automated evaluation set at or above threshold",
            "Run the automated test set; record the score.",
            "gte",
            Decimal("0.80"),
            "score",
            validity_days=90,
        ),
        _evidence(
            "human_evaluation",
            "Human evaluation protocol run",
            "Structured human review of outputs with a written protocol and results.",
            validity_days=90,
            waiver="compliance_officer",
        ),
        _measured(
            "duration",
            "real_user_testing",
            "At least 28 days of real-user testing",
            "Small-scale testing with real users for at least four weeks; state the number of users in the evidence.",
            "gte",
            Decimal("28"),
            "days",
            waiver="coe_admin",
        ),
        _checklist(
            "roi_reestimated",
            "ROI re-estimated from measured data",
            "Record a new ROI version in this phase based on what the POC measured.",
        ),
        _evidence(
            "data_governance_review",
            "Data governance review (quality, privacy) passed",
            "The data steward's review of data quality and privacy.",
            validity_days=180,
            waiver="compliance_officer",
        ),
        _evidence(
            "security_review",
            "Security review and red-team record",
            "Red-team exercise and security review findings, with fixes.",
            validity_days=180,
            waiver="compliance_officer",
        ),
        _evidence(
            "human_in_the_loop",
            "Human-in-the-loop design",
            "Where people review, approve or correct the AI's output, and how exceptions are handled.",
        ),
    ],
    "scaling": [
        _evidence(
            "mlops_pipeline",
            "MLOps pipeline",
            "Automated build, evaluation and deployment of models and prompts.",
            validity_days=180,
            waiver="compliance_officer",
        ),
        _evidence(
            "model_version_management",
            "Model version management",
            "Production uses only validated model versions; versions are recorded.",
            validity_days=180,
        ),
        _evidence(
            "ab_testing_plan",
            "A/B or champion-challenger plan",
            "How a new model or prompt is compared with the current one and switched safely.",
            waiver="coe_admin",
        ),
        _evidence(
            "drift_monitoring",
            "Drift monitoring configured",
            "Performance monitoring and drift detection with alerting.",
            validity_days=180,
        ),
        _measured(
            "metric",
            "user_training",
            "End-user training completion at or above target",
            "Share of intended end users who completed training, in percent.",
            "gte",
            Decimal("80"),
            "%",
            validity_days=90,
            waiver="coe_admin",
        ),
        _checklist(
            "feedback_loop_owner",
            "Feedback loop owner named",
            "The person who owns continuous improvement from user feedback.",
        ),
        _evidence(
            "explainability_audit_records",
            "Explainability and audit records",
            "Records that make outputs explainable and auditable.",
            waiver="compliance_officer",
        ),
        _checklist(
            "realised_value_measured", "Realised value measured", "Measured benefit recorded as realised-value entries."
        ),
        _evidence(
            "vendor_exit_plan",
            "Vendor exit plan",
            "How to move to another model or vendor, and at what cost.",
            waiver="compliance_officer",
        ),
    ],
}

# The default templates the initiative's data judges: (phase, code) → a derivation of ``adoption.derivations``.
DEFAULT_DERIVED = {
    ("exploration", "first_roi_estimate"): "roi_recorded",
    ("exploration", "risk_and_data_classified"): "classified",
    ("exploration", "sourcing_options_scored"): "options_scored",
    ("validation", "real_user_testing"): "testing_days",
    ("validation", "roi_reestimated"): "roi_in_phase",
}

DEFAULT_SELECTION_WEIGHTS = {"quality": 30, "total_cost": 20, "data_security": 20, "control": 15, "vendor_risk": 15}


def ensure_defaults(apps) -> None:
    """Create the phases, default templates and selection weights where missing (idempotent).

    Run by the data migrations and again after every ``flush`` (post_migrate), which empties these tables.
    """
    PhaseDefinition = apps.get_model("adoption", "PhaseDefinition")
    GateCriterionTemplate = apps.get_model("adoption", "GateCriterionTemplate")
    SelectionWeights = apps.get_model("adoption", "SelectionWeights")
    # Migrations older than the "derived from" field run this with templates that do not have it yet.
    has_derived = any(f.name == "derived" for f in GateCriterionTemplate._meta.get_fields())
    for order, phase in enumerate(DEFAULT_TEMPLATES, start=1):
        PhaseDefinition.objects.get_or_create(
            phase=phase, defaults={"order": order, "time_box_days": DEFAULT_TIME_BOX_DAYS}
        )
        if GateCriterionTemplate.objects.filter(phase=phase).exists():
            continue
        for position, row in enumerate(DEFAULT_TEMPLATES[phase], start=1):
            code, title, guidance, kind, comparator, threshold, unit, validity, waiver_role = row
            GateCriterionTemplate.objects.create(
                phase=phase,
                code=code,
                version=1,
                order=position,
                title=title,
                guidance=guidance,
                kind=kind,
                comparator=comparator,
                threshold=threshold,
                unit=unit,
                validity_days=validity,
                waivable_by_role=waiver_role,
                mandatory=True,
                is_current=True,
                **({"derived": DEFAULT_DERIVED.get((phase, code), "")} if has_derived else {}),
            )
    if not SelectionWeights.objects.exists():
        SelectionWeights.objects.create(version=1, is_current=True, **DEFAULT_SELECTION_WEIGHTS)
    from adoption.tracks import ensure_tracks

    ensure_tracks(apps)
