"""Views of the adoption app; they call selectors and services only."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from adoption.selectors.initiatives import initiative_list_visible


@login_required
def home(request: HttpRequest) -> HttpResponse:
    initiatives = initiative_list_visible(user=request.user).select_related("business_unit", "owner")[:200]
    return render(request, "adoption/home.html", {"initiatives": initiatives})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
