"""factory_boy factories for tests; domain objects are made through the services where rules apply."""

from .core import (
    BusinessUnitFactory,
    UserFactory,
    grant,
    make_initiative,
)
from .workflow import compliance_answers, satisfy_gate, signers_for

__all__ = [
    "BusinessUnitFactory",
    "UserFactory",
    "compliance_answers",
    "grant",
    "make_initiative",
    "satisfy_gate",
    "signers_for",
]
