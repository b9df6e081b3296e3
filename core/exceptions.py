"""Domain errors raised by services, each with a message a person can act on.

The API and the pages map them to status codes: InvalidInput 400, Forbidden 403, NotFound 404, Refused 409.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base class; ``message`` is translated and safe to show to the user."""

    def __init__(self, message: str, *, reasons: list[str] | None = None, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = str(message)
        self.reasons = [str(r) for r in (reasons or [])]
        self.fields = {name: [str(m) for m in msgs] for name, msgs in (fields or {}).items()}

    def __str__(self) -> str:
        if self.reasons:
            return f"{self.message} " + " ".join(self.reasons)
        return self.message


class InvalidInput(DomainError):
    """The request carries values that cannot be accepted (field messages in ``fields``)."""


class Forbidden(DomainError):
    """The user may see the object but not do this to it."""


class NotFound(DomainError):
    """The object does not exist, or the user may not see it (never reported differently)."""


class Refused(DomainError):
    """The action is not possible in the object's current state (reasons in ``reasons``)."""


class StaleVersion(Refused):
    """The object changed since the client read it."""


class FreshSignInRequired(Forbidden):
    """The action needs a recent authentication (approving a gate, confirming a risk tier, lifting a compliance
    hold): the person signs in again and retries."""
