"""A real st.login round trip in Chromium against a local OpenID Connect provider
(oidc-provider-mock) started by the test: a teacher and a facilitator sign in and see their own
navigation, an unknown email is told to ask the administrator, and sign-out returns to the
sign-in page. The server's secrets.toml is written in the test's temporary folder, never in the
repository."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import ROOT, _free_port

from browser import wait_idle
from helpers import person_with
from research_cycle import people
from research_cycle.store import db

playwright_api = pytest.importorskip("playwright.sync_api")
oidc_mock = pytest.importorskip("oidc_provider_mock")
expect = playwright_api.expect
expect.set_options(timeout=15_000)  # a sign-in is three redirects and a first run of the app


@pytest.fixture
def provider(monkeypatch):
    """The identity provider, on a free port of this machine (plain http is allowed for it)."""
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    with oidc_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def signed_server(tmp_path, provider):
    """The app on the sample alliance with sign-in set up for ``provider`` (no demo mode)."""
    store = tmp_path / "signin.duckdb"
    subprocess.run([sys.executable, "-m", "research_cycle", "init-db", "--sample", "--db", str(store)],
                   cwd=ROOT, check=True, capture_output=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "{url}/oauth2callback"\n'
        'cookie_secret = "a-long-random-string-only-for-this-test-0123456789"\n'
        'client_id = "enquiry-workbench"\n'
        'client_secret = "not-a-real-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n', encoding="utf-8")
    env = {**os.environ, "WORKBENCH_DB": str(store), "WORKBENCH_DEMO": "0", "AUTHLIB_INSECURE_TRANSPORT": "1"}
    log = open(tmp_path / "server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--secrets.files", str(secrets)],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError((tmp_path / "server.log").read_text()) from None
            time.sleep(0.2)
    con = db.connect(store, read_only=True)
    try:
        who = {"teacher": person_with(con, "teacher", in_team=True), "facilitator": person_with(con, "facilitator"),
               "administrators": people.administrators(con)}
    finally:
        con.close()
    yield url, who
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def _sign_in(page, url: str, email: str) -> None:
    page.goto(url)
    wait_idle(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**")
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**")
    wait_idle(page)


def _sign_out(page, url: str) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/oauth2/end_session**")  # the provider ends its session too
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{url}/**")
    wait_idle(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_school_accounts_sign_in_and_out(signed_server, page):
    url, who = signed_server
    nav = page.locator('[data-testid="stSidebarNav"]')

    page.goto(url)
    wait_idle(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Demo")

    teacher = who["teacher"]
    _sign_in(page, url, teacher.email.upper())  # the provider may spell the email in another case
    expect(page.get_by_role("heading", name="My enquiry")).to_be_visible()
    expect(page.get_by_text(f"Signed in as {teacher.name}")).to_be_visible()
    expect(nav).to_contain_text("My enquiry")
    expect(nav).not_to_contain_text("Programme overview")
    expect(nav).not_to_contain_text("Administration")
    page.goto(f"{url}/evidence")  # another page keeps the sign-in and the Sign out button
    wait_idle(page)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    _sign_out(page, url)
    expect(page.locator("body")).not_to_contain_text(teacher.name)

    facilitator = who["facilitator"]
    _sign_in(page, url, facilitator.email)
    expect(page.get_by_role("heading", name="Programme overview")).to_be_visible()
    expect(nav).to_contain_text("Programme overview")
    expect(nav).not_to_contain_text("My enquiry")
    _sign_out(page, url)

    _sign_in(page, url, "someone.new@elsewhere.example.sch.uk")
    body = page.locator("body")
    expect(body).to_contain_text("nobody with that email is in this alliance")
    for name in who["administrators"]:
        expect(body).to_contain_text(name)
    expect(nav).to_have_count(0)
    _sign_out(page, url)
