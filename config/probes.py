"""The stack's own floor, for the benchmark: a bare Django view and a DRF view behind the API's authentication, both
answering constant JSON. Routed only when BENCH_PROBES is on (``bench.run`` sets it; off in every deployment)."""

from django.http import JsonResponse
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

ANSWER = {"ok": True}


def django_probe(request):
    """A plain function view: what every page pays for the middleware alone."""
    return JsonResponse(ANSWER)


@extend_schema(exclude=True)
class DrfProbe(APIView):
    """A DRF view with the API's own authentication classes (REST_FRAMEWORK's defaults) and IsAuthenticated: what
    every API call pays before its own work."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response(ANSWER)
