"""The columns an import reads, for each kind of sheet, with their headers in each language: one home for what a
template holds and which headers an upload may carry (the localised header in any of the three languages, or the
column's code, e.g. ``title``). Choice cells take the code or the label in any language."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from adoption.choices import DataClassification, ImportedStage, Phase, RiskTier, Role, Sourcing


@dataclass(frozen=True)
class Column:
    """A column of the file format, with its header in each language. Headers are part of the format (a file kept
    from last year must still import when a translator rewords a page), so they are fixed here, not translated."""

    code: str
    en: str
    zh_hant: str
    zh_hans: str
    required: bool = False

    @property
    def label(self) -> str:
        """The header in the active language."""
        language = (translation.get_language() or "en").lower()
        if language.startswith("zh-hant"):
            return self.zh_hant
        if language.startswith("zh"):
            return self.zh_hans
        return self.en

    def names(self) -> tuple[str, ...]:
        return (self.code, self.en, self.zh_hant, self.zh_hans)


class Kind(models.TextChoices):
    INITIATIVES = "initiatives", _("Initiatives")
    ROLES = "roles", _("Role assignments")
    VALUES = "values", pgettext_lazy("import sheet", "Realised value")


C = Column
COLUMNS: dict[str, tuple[Column, ...]] = {
    Kind.INITIATIVES: (
        C("external_id", "External id", "外部編號", "外部编号", required=True),
        C("title", "Title", "名稱", "名称", required=True),
        C("business_unit", "Business unit code", "事業單位代碼", "业务单元代码", required=True),
        C("owner", "Owner (login name)", "負責人（登入名稱）", "负责人（登录名）", required=True),
        C("sponsor", "Sponsor (login name)", "業務贊助人（登入名稱）", "业务发起人（登录名）"),
        C("phase", "Phase", "階段", "阶段"),
        C("risk_tier", "Risk tier", "風險等級", "风险等级"),
        C("data_classification", "Data classification", "資料分類", "数据分类"),
        C("sourcing", "Sourcing", "模型來源", "模型来源"),
        C("pain_point", "Pain point", "痛點", "痛点"),
        C("value_driver", "Value driver", "價值驅動因素", "价值驱动因素"),
        C("kpi", "KPI", "KPI 指標", "KPI 指标"),
        C("kpi_baseline", "KPI baseline", "KPI 基準值", "KPI 基准值"),
        C("kpi_target", "KPI target", "KPI 目標值", "KPI 目标值"),
        C("models_used", "Models and vendors used", "使用的模型與供應商", "使用的模型与供应商"),
        C("tags", "Tags (codes, comma-separated)", "標籤（代碼，以逗號分隔）", "标签（代码，以逗号分隔）"),
    ),
    Kind.ROLES: (
        C("external_id", "External id", "外部編號", "外部编号"),
        C("business_unit", "Business unit code", "事業單位代碼", "业务单元代码"),
        C("user", "Person (login name)", "人員（登入名稱）", "人员（登录名）", required=True),
        C("role", "Role", "角色", "角色", required=True),
        C("expires_at", "Expires on", "到期日", "到期日"),
    ),
    Kind.VALUES: (
        C("external_id", "External id", "外部編號", "外部编号", required=True),
        C("period_start", "Period start", "期間開始", "期间开始", required=True),
        C("period_end", "Period end", "期間結束", "期间结束", required=True),
        C("currency", "Currency (ISO code)", "幣別（ISO 代碼）", "币种（ISO 代码）", required=True),
        C("rate_to_reporting", "Rate to the reporting currency", "對報告幣別的匯率", "对报告币种的汇率", required=True),
        C("benefit_cash_saving", "Cash saving measured", "實測現金節省", "实测现金节省"),
        C("benefit_cost_avoidance", "Cost avoidance measured", "實測成本規避", "实测成本规避"),
        C("benefit_revenue", "Revenue measured", "實測營收", "实测收入"),
        C("productivity_hours", "Hours saved", "節省工時", "节省工时"),
        C("productivity_hourly_rate", "Value of an hour", "每小時價值", "每小时价值"),
        C("measured_cost", "Cost measured over the period", "期間內的實測成本", "期间内的实测成本"),
        C("note", "Note", "備註", "备注"),
    ),
}

# Stages and choices by their fixed names in the file format too (a cell may also hold the code, or the label a
# page shows in any language).
STAGE_NAMES = {
    "": ("exploration", "Exploration", "探索", "探索"),
    ImportedStage.VALIDATION: ("validation", "Validation", "驗證", "验证"),
    ImportedStage.SCALING: ("scaling", "Scaling", "擴展", "规模化"),
    ImportedStage.PRODUCTION: ("production", "Production", "已上線", "已上线", "In production", "上線", "生產"),
}

# The order sheets are applied in: a role or a value may name an initiative the same file creates.
KIND_ORDER = (Kind.INITIATIVES, Kind.ROLES, Kind.VALUES)
# The column that tells a sheet's kind from its headers.
KIND_MARKERS = {Kind.INITIATIVES: "title", Kind.ROLES: "role", Kind.VALUES: "period_start"}

# Choice cells: the stored code, or its label in any language.
CHOICES: dict[str, type[models.TextChoices]] = {
    "risk_tier": RiskTier,
    "data_classification": DataClassification,
    "sourcing": Sourcing,
    "role": Role,
}


def _fold(text: str) -> str:
    return " ".join(str(text).replace("*", " ").split()).casefold()


def _in_every_language(label) -> set[str]:
    words = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            words.add(_fold(str(label)))
    return words


def header_names(kind: str) -> dict[str, str]:
    """Every header accepted for ``kind``'s columns (folded) → the column's code."""
    return {_fold(name): column.code for column in COLUMNS[kind] for name in column.names()}


def label_of(code: str) -> str:
    """A column's header in the active language (the first column with ``code``)."""
    for cols in COLUMNS.values():
        for column in cols:
            if column.code == code:
                return column.label
    return code


def headers(kind: str) -> list[str]:
    """The headers of ``kind``'s template in the active language (a required column marked with *)."""
    return [f"{column.label}{' *' if column.required else ''}" for column in COLUMNS[kind]]


def choice_code(name: str, value: str) -> str | None:
    """The stored code of a choice cell (``name``'s choices) given as a code or a label in any language."""
    folded = _fold(value)
    for code, label in CHOICES[name].choices:
        if folded == _fold(code) or folded in _in_every_language(label):
            return code
    return None


def stage_code(value: str) -> str | None:
    """The phase (or production) an initiative is imported at: "" for exploration, a code of ``ImportedStage``;
    None when the cell names no stage."""
    folded = _fold(value)
    if not folded or folded in _in_every_language(Phase.EXPLORATION.label):
        return ""
    for code, names in STAGE_NAMES.items():
        if folded in {_fold(name) for name in names}:
            return code
    for code, label in ImportedStage.choices:
        if folded in _in_every_language(label):
            return code
    return None


def sheet_title(kind: str) -> str:
    return str(Kind(kind).label)[:31]
