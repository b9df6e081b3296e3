"""Small builders the regime modules share, so each module reads as its content. They return plain dicts (the
stored format is JSON)."""


def t(en: str, hant: str, hans: str) -> dict:
    """A text in the three languages: English, Traditional Chinese (Taiwan's terms), Simplified Chinese (mainland's)."""
    return {"en": en, "zh-hant": hant, "zh-hans": hans}


def criterion(
    phase: str,
    kind: str = "evidence",
    *,
    waiver: str | None = "compliance_officer",
    validity_days: int | None = None,
    mandatory: bool = True,
) -> dict:
    """A gate criterion the obligation puts in ``phase`` (kinds and phases of ``adoption.choices``)."""
    return {
        "phase": phase,
        "kind": kind,
        "validity_days": validity_days,
        "waivable_by_role": waiver,
        "mandatory": mandatory,
    }


def item(code: str, text: dict) -> dict:
    """A retirement checklist item."""
    return {"code": code, "text": text}


def obligation(
    code: str,
    title: dict,
    guidance: dict,
    *,
    instrument: dict,
    article: str | dict,
    effective: str,
    classes: list[str] | None = None,
    when=None,
    informational: bool = False,
    criteria: list[dict] | None = None,
    filing: dict | None = None,
    slots: list[list] | None = None,
    review_cadence_days: int | None = None,
    incident: dict | None = None,
    retirement: list[dict] | None = None,
    on_change: list[str] | None = None,
) -> dict:
    return {
        "code": code,
        "title": title,
        "guidance": guidance,
        "citation": {"instrument": instrument, "article": article},
        "effective": effective,
        "applies": {"classes": classes, "when": when},
        "informational": informational,
        "criteria": criteria or [],
        "filing": filing,
        "slots": slots or [],
        "review_cadence_days": review_cadence_days,
        "incident": incident,
        "retirement": retirement or [],
        "on_change": on_change or [],
    }


def q(code: str, **test) -> dict:
    """A condition on one answer: ``q("sector", is_="banking")``, ``q("audience", any_of=[...])``."""
    if "is_" in test:
        return {"q": code, "is": test["is_"]}
    return {"q": code, **test}


def yes(code: str) -> dict:
    return {"q": code, "is": True}
