"""What the regimes API shows. Texts are the catalogue's own dicts in three languages ("en", "zh-hant", "zh-hans")."""

from rest_framework import serializers


class RegimeVersionSerializer(serializers.Serializer):
    code = serializers.CharField(source="regime.code")
    version = serializers.IntegerField()
    voluntary = serializers.BooleanField(source="regime.voluntary")
    enabled = serializers.BooleanField(source="regime.enabled")
    status = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    content = serializers.JSONField(help_text="The regime in the catalogue format (texts in three languages).")


class ApplicabilitySerializer(serializers.Serializer):
    version = serializers.IntegerField(allow_null=True)
    phase = serializers.CharField(allow_null=True)
    answers = serializers.JSONField()
    answered_by = serializers.CharField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    questions = serializers.JSONField(help_text="The questions to answer: the common ones, then each regime's own.")


class ApplicabilityInputSerializer(serializers.Serializer):
    answers = serializers.JSONField(help_text="{question code: answer}; a question left out is not answered.")


class ClassificationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    regime = serializers.CharField(source="regime.code")
    regime_version = serializers.IntegerField(source="regime_version.version")
    regime_name = serializers.JSONField()
    class_code = serializers.CharField()
    class_name = serializers.SerializerMethodField()
    tier = serializers.CharField()
    reasons = serializers.JSONField()
    status = serializers.CharField()
    proposed_at = serializers.DateTimeField()
    confirmed_by = serializers.CharField(source="confirmed_by.username", allow_null=True, default=None)
    confirmed_at = serializers.DateTimeField(allow_null=True)

    def get_class_name(self, obj) -> dict:
        return obj.class_spec.get("name") or {}


class RegulatorySerializer(serializers.Serializer):
    key = serializers.CharField(source="initiative.key")
    risk_tier = serializers.CharField(source="initiative.risk_tier")
    strictest_proposed_tier = serializers.CharField(source="tier", allow_null=True)
    classifications = ClassificationSerializer(many=True)
    obligations = serializers.JSONField(help_text="Each applicable obligation with its citation and what it implies.")
    slots = serializers.SerializerMethodField()
    review_cadence_days = serializers.IntegerField(source="cadence_days", allow_null=True)
    disclaimer = serializers.JSONField()

    def get_slots(self, obj) -> list[dict]:
        return [{"role": role, "ordinal": ordinal} for role, ordinal in obj.slots]
