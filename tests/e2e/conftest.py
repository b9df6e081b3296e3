"""Browser tests: pytest-playwright drives Debian's Chromium against pytest-django's live server with the demo data.

They skip, saying why, only when no Chromium is installed and CI is not set; in CI a missing browser fails them.
Screenshots of every main page go to test-artifacts/screenshots/ (git-ignored).
"""

import os
import shutil
from pathlib import Path

import pytest

from demo.loader import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DOCS = Path(__file__).resolve().parents[2] / "docs"
DESKTOP = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(session, config, items):
    # Playwright's sync API keeps an event loop running in the main thread from the first browser test to the end
    # of the session, which Django takes for an async context. Browser tests therefore run last.
    browser = [item for item in items if "tests/e2e/" in str(item.path).replace(os.sep, "/")]
    if browser:
        items[:] = [item for item in items if item not in browser] + browser


@pytest.fixture(scope="session")
def _sync_database_access_under_playwright(django_db_setup):
    # Tests and their database set-up and flush run while Playwright's loop runs in the same thread; Django would
    # refuse that as async-unsafe. Only the browser tests (run last, see above) ever see this variable.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, _sync_database_access_under_playwright):
    if not Path(CHROMIUM).exists():
        message = f"No Chromium at {CHROMIUM}: install it with `apt-get install -y chromium fonts-noto-cjk`."
        if os.environ.get("CI"):
            pytest.fail(message + " CI is set, so browser tests may not skip.")
        pytest.skip(message + " Browser tests skip outside CI.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": browser_type_launch_args.get("headless", True),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args, live_server):
    return {**browser_context_args, "base_url": live_server.url, "viewport": DESKTOP, "locale": "en-GB"}


@pytest.fixture
def demo(live_server, transactional_db, demo_databases):
    """The demo portfolio, committed so the live server's threads see it: a fresh copy of the session's demo
    database (tests/conftest.py) for each test, numbered AI-0001 to AI-0019 as on a fresh install."""
    with demo_databases.copy():
        yield live_server
    demo_databases.nothing_to_flush()


@pytest.fixture
def login(page, demo):
    """Sign in as a demo user through the sign-in page."""

    def sign_in(username: str):
        page.context.clear_cookies()
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return sign_in


@pytest.fixture
def shoot(page):
    """Save a full-page screenshot of the current page under test-artifacts/screenshots/.

    With ``docs`` (a height in pixels) and UPDATE_DOCS_SCREENSHOTS=1, the top of the page also becomes
    docs/screenshot-<name>.png, the pictures the README shows.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def screenshot(name: str, *, full_page: bool = True, docs: int | None = None) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        if docs and os.environ.get("UPDATE_DOCS_SCREENSHOTS"):
            width = page.viewport_size["width"]
            page.screenshot(
                path=str(DOCS / f"screenshot-{name}.png"),
                full_page=True,
                clip={"x": 0, "y": 0, "width": width, "height": docs},
            )
        return path

    return screenshot


@pytest.fixture(autouse=True)
def _accept_confirmations(page):
    # Consequential actions ask for confirmation (window.confirm); the user in these stories says yes.
    page.on("dialog", lambda dialog: dialog.accept())
