"""Sign-in with throttling: repeated failures for one username or from one address are refused for a while."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.utils.translation import gettext as _


def _keys(request, username: str) -> list[str]:
    address = request.META.get("REMOTE_ADDR", "")
    return [f"login-fail:user:{username.lower()[:150]}", f"login-fail:addr:{address}"]


def _count_failure(keys: list[str]) -> None:
    for key in keys:
        cache.add(key, 0, settings.LOGIN_FAILURE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, settings.LOGIN_FAILURE_WINDOW_SECONDS)


class ThrottledLoginView(LoginView):
    """Django's login view, refusing attempts after LOGIN_FAILURE_LIMIT failures within the window (HTTP 429)."""

    def post(self, request, *args, **kwargs):
        keys = _keys(request, str(request.POST.get("username", "")))
        if any(cache.get(key, 0) >= settings.LOGIN_FAILURE_LIMIT for key in keys):
            form = self.get_form_class()(request=request, initial={"username": request.POST.get("username", "")})
            refusal = _("Too many failed sign-ins. Wait %(minutes)d minutes and try again.") % {
                "minutes": settings.LOGIN_FAILURE_WINDOW_SECONDS // 60
            }
            response = self.render_to_response(self.get_context_data(form=form, refusal=refusal))
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        _count_failure(_keys(self.request, str(self.request.POST.get("username", ""))))
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete_many(_keys(self.request, form.get_user().get_username()))
        return super().form_valid(form)
