"""The API tests' clients and cast, shared with the import, tag and bulk-action tests."""

from tests.api.conftest import _fresh_throttle, api, people  # noqa: F401
