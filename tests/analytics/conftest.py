"""Fixtures of the analytics tests: the demo portfolio, once per module."""

import pytest


@pytest.fixture(scope="module")
def demo(demo_module):
    """A copy of the demo database for the module (tests/conftest.py), dropped after it."""
