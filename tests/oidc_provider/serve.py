"""``python -m tests.oidc_provider.serve PORT CLIENT_ID SECRET REDIRECT_URI``: migrate the provider's database,
register the tracker as a client and serve on 127.0.0.1:PORT (until killed)."""

import os
import sys


def main() -> None:
    port, client_id, secret, redirect_uri = sys.argv[1:5]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from oauth2_provider.models import Application

    Application.objects.filter(client_id=client_id).delete()
    Application.objects.create(
        name="GenAI Adoption Tracker",
        client_id=client_id,
        client_secret=secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, use_threading=True, skip_checks=True)


if __name__ == "__main__":
    main()
