from .regimes import (
    Applicability,
    AppliedObligation,
    Regime,
    RegimeClassification,
    RegimeVersion,
)

__all__ = ["Applicability", "AppliedObligation", "Regime", "RegimeClassification", "RegimeVersion"]
