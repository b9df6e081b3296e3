"""The provider's directory, set by the tests: ``POST /people/`` with a JSON person upserts them (password, names,
email, groups, and extra claims such as ``locale``, ``zoneinfo`` or ``active``)."""

import json

from django.contrib.auth.models import Group, User
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

# Extra claims per username, kept in the provider's process.
EXTRA_CLAIMS: dict[str, dict] = {}


@csrf_exempt
def people(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    person = json.loads(request.body)
    user, _created = User.objects.get_or_create(username=person["username"])
    user.first_name = person.get("first_name", "")
    user.last_name = person.get("last_name", "")
    user.email = person.get("email", "")
    user.set_password(person["password"])
    user.save()
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in person.get("groups", [])])
    EXTRA_CLAIMS[user.username] = person.get("claims", {})
    return JsonResponse({"username": user.username})


@csrf_exempt
def redirect_uris(request):
    """``POST /clients/`` with {"client_id", "redirect_uri"}: allow one more redirect URI (a test server's)."""
    from oauth2_provider.models import Application

    body = json.loads(request.body)
    application = Application.objects.get(client_id=body["client_id"])
    uris = set(application.redirect_uris.split())
    uris.add(body["redirect_uri"])
    application.redirect_uris = " ".join(sorted(uris))
    application.save(update_fields=["redirect_uris"])
    return JsonResponse({"redirect_uris": sorted(uris)})
