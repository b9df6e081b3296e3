"""The provider's claims: profile, email, groups (the names of the person's Django groups) and whether the person
is still employed (``active``)."""

from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc_provider.people import EXTRA_CLAIMS


class ClaimsValidator(OAuth2Validator):
    # Every claim in the ID token whatever the scopes asked (the tracker asks for them all anyway).
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        user = request.user
        return {
            "preferred_username": user.username,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": f"{user.first_name} {user.last_name}".strip(),
            "email": user.email,
            "email_verified": True,
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "active": True,
            **EXTRA_CLAIMS.get(user.username, {}),
        }
