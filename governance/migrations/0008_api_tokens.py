import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def retire_anonymous_stand_in(apps, schema_editor):
    """django-guardian's "AnonymousUser" row is no person: deactivated, so no picker, list or grant offers it."""
    user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    user_model.objects.filter(username="AnonymousUser", last_login__isnull=True).update(is_active=False, password="!")


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0007_text_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ApiToken",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("prefix", models.CharField(max_length=12)),
                ("digest", models.CharField(max_length=64, unique=True)),
                (
                    "scope",
                    models.CharField(
                        choices=[("all", "Read and write"), ("read", "Read only")],
                        default="all",
                        max_length=10,
                        verbose_name="scope",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("expires_at", models.DateTimeField(verbose_name="expires at")),
                ("last_used_at", models.DateTimeField(blank=True, null=True)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                ("revoke_reason", models.CharField(blank=True, max_length=30)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="api_tokens",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "API token",
                "verbose_name_plural": "API tokens",
                "ordering": ["-created_at", "-pk"],
                "indexes": [models.Index(fields=["user", "revoked_at"], name="apitoken_user_active")],
            },
        ),
        migrations.RunPython(retire_anonymous_stand_in, migrations.RunPython.noop),
    ]
