"""``manage.py grant_role``: the operator's way to grant a role, and to bootstrap the first CoE portfolio manager."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from adoption.choices import Role
from adoption.models import BusinessUnit, Initiative
from core.exceptions import DomainError
from governance import access
from governance.choices import Scope
from governance.models import RoleGrantRequest
from governance.services.roles import bootstrap_global_role, role_grant

# --bootstrap makes the first two CoE members; from then on a global CoE or compliance role needs a second member's
# approval, which a lone member could never get.
BOOTSTRAP_MEMBERS = 2

User = get_user_model()


class Command(BaseCommand):
    help = (
        "Grant ROLE to USERNAME globally, in a business unit (and its sub-units) or on one initiative, as the CoE "
        "member named by --by. Use --bootstrap once, to make the first CoE portfolio manager."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help="One of: " + ", ".join(Role.values))
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--business-unit", metavar="CODE", help="Grant in this business unit and its sub-units.")
        where.add_argument("--initiative", metavar="KEY", help="Grant on this initiative only (e.g. AI-0042).")
        parser.add_argument("--by", metavar="USERNAME", help="The CoE portfolio manager granting the role.")
        parser.add_argument(
            "--bootstrap",
            action="store_true",
            help="Grant a global role without a granting CoE member; only while no CoE portfolio manager exists.",
        )

    def handle(self, *args, username, role, business_unit, initiative, by, bootstrap, **options):
        user = _user(username)
        if role not in Role.values:
            raise CommandError(f"Unknown role {role!r}. Roles: {', '.join(Role.values)}.")
        granted_by = _user(by) if by else None
        if bootstrap:
            assignment = self._bootstrap(user=user, role=role, scoped=bool(business_unit or initiative), by=granted_by)
        else:
            if granted_by is None:
                raise CommandError(
                    "Name the CoE portfolio manager who grants the role with --by USERNAME "
                    "(or use --bootstrap for the very first one)."
                )
            unit = _business_unit(business_unit) if business_unit else None
            target = _initiative(initiative) if initiative else None
            try:
                assignment = role_grant(actor=granted_by, user=user, role=role, business_unit=unit, initiative=target)
            except DomainError as error:
                details = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.fields.items())
                raise CommandError(f"{error} {details}".strip()) from error
        if isinstance(assignment, RoleGrantRequest):
            self.stdout.write(
                self.style.WARNING(
                    f"The grant of {assignment.role} to {user.get_username()} waits for a second CoE member's "
                    f"approval (request {assignment.pk}, on the Roles page or POST /api/v1/role-grant-requests/"
                    f"{assignment.pk}/approve/)."
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(f"{user.get_username()} now holds {assignment.role} ({assignment.scope_label}).")
        )

    def _bootstrap(self, *, user, role, scoped, by):
        if scoped:
            raise CommandError("--bootstrap grants global roles only; drop --business-unit/--initiative.")
        if role == Role.INITIATIVE_OWNER:
            raise CommandError("Owners are set on the initiative itself, never granted.")
        members = access.active_assignments().filter(role=Role.COE_ADMIN, scope=Scope.GLOBAL, user__is_active=True)
        if members.values("user").distinct().count() >= BOOTSTRAP_MEMBERS:
            raise CommandError(
                "Two CoE portfolio managers already exist; grant roles through them with --by USERNAME instead."
            )
        if not user.is_active:
            raise CommandError(f"{user.get_username()} is not an active user.")
        if by is not None and by.pk == user.pk:
            raise CommandError("Nobody grants a role to themselves; omit --by or name someone else.")
        return bootstrap_global_role(user=user, role=role, granted_by=by)


def _user(username: str):
    try:
        return User.objects.get(**{User.USERNAME_FIELD: username})
    except User.DoesNotExist:
        raise CommandError(f"No user named {username!r}.") from None


def _business_unit(code: str) -> BusinessUnit:
    try:
        return BusinessUnit.objects.get(code=code)
    except BusinessUnit.DoesNotExist:
        raise CommandError(f"No business unit with code {code!r}.") from None


def _initiative(key: str) -> Initiative:
    try:
        return Initiative.objects.select_related("business_unit").get(key=key.upper())
    except Initiative.DoesNotExist:
        raise CommandError(f"No initiative with key {key!r}.") from None
