"""The person's own settings: the language of the pages, remembered for notifications and email."""

from __future__ import annotations

import contextlib

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from core.exceptions import DomainError
from governance.services import preferences


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Switch the pages' language, and remember it as the signed-in user's language for notifications and email."""
    if request.user.is_authenticated:
        # An unknown code changes nothing here; Django's view below ignores it too.
        with contextlib.suppress(DomainError):
            preferences.user_language_set(actor=request.user, language=request.POST.get("language", ""))
    return set_language(request)
