import pytest


@pytest.fixture(scope="module")
def demo(demo_module):
    """The demo portfolio, once for the module: a copy of the demo database (tests/conftest.py), dropped after it."""
