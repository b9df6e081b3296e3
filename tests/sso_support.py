"""A real OpenID Connect provider for the tests (tests/oidc_provider, django-oauth-toolkit) in a process of its own
on a free loopback port, with its own PostgreSQL database; and the browserless code flow against it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
CLIENT_ID = "genai-tracker"
CLIENT_SECRET = "tracker-client-secret-for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin_connection(url: str):
    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        autocommit=True,
    )


@dataclass
class Provider:
    url: str
    issuer: str
    process: subprocess.Popen

    def person(self, username: str, password: str, **fields) -> None:
        body = {"username": username, "password": password, **fields}
        requests.post(urljoin(self.url, "/people/"), json=body, timeout=10).raise_for_status()

    def allow_redirect(self, redirect_uri: str) -> None:
        body = {"client_id": CLIENT_ID, "redirect_uri": redirect_uri}
        requests.post(urljoin(self.url, "/clients/"), json=body, timeout=10).raise_for_status()


def start_provider(*, redirect_uri: str) -> Provider:
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = "test_oidc_provider" + os.environ.get("TEST_DB_SUFFIX", "")
    with _admin_connection(database_url) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(database_url)
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DATABASE": name,
        "OIDC_PROVIDER_DB_HOST": parts.hostname or "127.0.0.1",
        "OIDC_PROVIDER_DB_PORT": str(parts.port or 5432),
        "OIDC_PROVIDER_DB_USER": parts.username or "postgres",
        "OIDC_PROVIDER_DB_PASSWORD": parts.password or "",
    }
    process = subprocess.Popen(  # noqa: S603 (our own module, fixed arguments)
        [sys.executable, "-m", "tests.oidc_provider.serve", str(port), CLIENT_ID, CLIENT_SECRET, redirect_uri],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=open(os.environ.get("OIDC_PROVIDER_LOG", os.devnull), "w"),  # noqa: SIM115
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("The test OIDC provider stopped: " + process.stderr.read().decode()[-2000:])
        try:
            if requests.get(url + "/o/.well-known/openid-configuration", timeout=2).ok:
                return Provider(url=url, issuer=url + "/o", process=process)
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    stop_provider(Provider(url=url, issuer=url + "/o", process=process))
    raise RuntimeError("The test OIDC provider did not answer within 60 s.")


def stop_provider(provider: Provider) -> None:
    provider.process.terminate()
    try:
        provider.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        provider.process.kill()
        provider.process.wait(timeout=10)


def provider_sign_in(provider: Provider, authorize_url: str, username: str, password: str, *, until: str) -> str:
    """Follow the provider's redirects, signing in at its form, until a redirect leaves for ``until``; that URL."""
    browser = requests.Session()
    location = authorize_url
    for _ in range(10):
        answer = browser.get(location, allow_redirects=False, timeout=10)
        if answer.status_code == 200 and "Sign in at the provider" in answer.text:
            answer = browser.post(
                answer.url,
                data={
                    "username": username,
                    "password": password,
                    "csrfmiddlewaretoken": browser.cookies["csrftoken"],
                    "next": parse_qs(urlsplit(answer.url).query).get("next", [""])[0],
                },
                headers={"Referer": answer.url},
                allow_redirects=False,
                timeout=10,
            )
        if answer.status_code not in (301, 302, 303):
            raise AssertionError(f"The provider answered {answer.status_code}: {answer.text[:500]}")
        location = urljoin(answer.url, answer.headers["Location"])
        if location.startswith(until):
            return location
    raise AssertionError("The provider never sent the browser back.")
