"""The shipped catalogue (``regimes.catalogue.SHIPPED``) as version-1 published regime versions: inserted when
missing, never overwriting the compliance lead's edits. Used by the data migration and after a flush."""

from __future__ import annotations


def shipped_regimes() -> list[dict]:
    """The shipped regimes, or none while the catalogue package is absent."""
    try:
        from regimes.catalogue import SHIPPED
    except ImportError:  # the catalogue arrives with its own branch; nothing to load without it
        return []
    return list(SHIPPED)


def ensure_shipped(apps) -> None:
    Regime = apps.get_model("regimes", "Regime")
    RegimeVersion = apps.get_model("regimes", "RegimeVersion")
    for order, content in enumerate(shipped_regimes()):
        regime, _created = Regime.objects.get_or_create(
            code=content["code"],
            defaults={
                "voluntary": bool(content.get("voluntary")),
                "enabled": not content.get("voluntary"),
                "order": order,
            },
        )
        if not RegimeVersion.objects.filter(regime=regime).exists():
            RegimeVersion.objects.create(
                regime=regime, version=int(content.get("version") or 1), content=content, status="published"
            )
