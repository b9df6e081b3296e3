"""Fixtures of the benchmark's tests."""

import importlib

import pytest
from django.urls import clear_url_caches


def _reload_urls() -> None:
    import config.api_urls
    import config.urls

    importlib.reload(config.api_urls)
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def probes_on(settings):
    """The benchmark's probes routed (DJANGO_BENCH_PROBES, as bench.run sets it), for this test only."""
    settings.BENCH_PROBES = True
    _reload_urls()
    yield
    settings.BENCH_PROBES = False
    _reload_urls()
