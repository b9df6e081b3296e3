"""URLs of the REST API (v1), its OpenAPI schema and docs."""

urlpatterns: list = []
