"""Helpers the pages of both apps share: domain errors as HTTP answers or form errors, and success messages.

A service raises NotFound (the page answers 404), Forbidden (403), InvalidInput (the form shows the field messages,
400) or Refused (the form shows the sentence and every reason, 409). Nothing is half-saved: services run in one
transaction, so a page only has to show what went wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.exceptions import DomainError, Forbidden, InvalidInput, NotFound, Refused

BAD_INPUT = 400
CONFLICT = 409


def http_errors(view: Callable) -> Callable:
    """Let a view raise NotFound and Forbidden from selectors and services: they become 404 and 403 pages."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from error
        except Forbidden as error:
            raise PermissionDenied(error.message) from error

    return wrapper


def add_domain_error(form: forms.Form, error: DomainError, *, field_map: dict[str, str] | None = None) -> int:
    """Put ``error`` on ``form`` (field messages on their fields) and return the status code to answer with.

    Forbidden and NotFound are not form errors: they are re-raised for ``http_errors`` to turn into 403 and 404.
    """
    if isinstance(error, NotFound | Forbidden):
        raise error
    field_map = field_map or {}
    leftover: list[str] = []
    for name, messages in error.fields.items():
        target = field_map.get(name, name)
        if target in form.fields:
            for message in messages:
                form.add_error(target, message)
        else:
            leftover.extend(messages)
    form.add_error(None, [error.message, *error.reasons, *leftover])
    if isinstance(error, InvalidInput):
        return BAD_INPUT
    if isinstance(error, Refused):
        return CONFLICT
    return BAD_INPUT
