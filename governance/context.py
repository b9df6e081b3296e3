"""Context of the current unit of work (request id) that the audit recorder reads without being passed it."""

from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
