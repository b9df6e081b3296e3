"""API tokens: several named, expiring, revocable tokens per person; only a digest of the secret is stored."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenScope(models.TextChoices):
    """What a token may do: everything its holder may, or only read (GET, HEAD, OPTIONS)."""

    ALL = "all", _("Read and write")
    READ = "read", _("Read only")
    EVALUATIONS = "evaluations", _("Evaluation runs only (CI)")


class ApiToken(models.Model):
    """A secret for ``Authorization: Token …``. The secret itself is shown once, at creation, and never stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    # The secret's first characters, to recognise it in a list; the SHA-256 digest finds it on each request.
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=20, choices=TokenScope.choices, default=TokenScope.ALL)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.CharField(max_length=30, blank=True)
    # An evaluations token pushes evaluation runs of these initiatives and does nothing else.
    initiatives = models.ManyToManyField("adoption.Initiative", blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_active")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def in_force(self) -> bool:
        return self.revoked_at is None and not self.expired

    @property
    def read_only(self) -> bool:
        return self.scope == TokenScope.READ
