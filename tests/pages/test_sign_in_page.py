"""Sign-in under AppTest: the identity provider's account maps to a person by email (any case);
an unknown email is told whom to ask; sign-out is on every page; demo mode says so."""

from __future__ import annotations

import pytest

from helpers import app_as, person_with
from research_cycle import people
from research_cycle.store import db
from research_cycle.store.formatting import md_escape

AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "workbench", "client_secret": "secret",
        "server_metadata_url": "http://localhost:9/.well-known/openid-configuration"}


@pytest.fixture
def store(sample_path):
    con = db.connect(sample_path)
    yield con
    con.close()


def test_with_sign_in_set_up_a_visitor_sees_only_the_sign_in_button(store, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DEMO", "0")
    store.close()
    at = app_as(None)
    at.secrets["auth"] = AUTH
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.sidebar.selectbox  # no demo chooser, no cycle


def test_an_unknown_email_is_told_to_ask_the_administrators_by_name(store, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DEMO", "0")
    admins = people.administrators(store)
    assert admins
    store.close()
    at = app_as("New.Teacher@school.example.sch.uk")
    at.run()
    [error] = at.error
    assert md_escape("New.Teacher@school.example.sch.uk") in error.value and "nobody with that email" in error.value
    assert all(name in error.value for name in admins)
    assert [b.label for b in at.sidebar.button] == ["Sign out"]


def test_an_email_in_another_case_signs_in_and_sign_out_is_offered(store, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DEMO", "0")
    facilitator = person_with(store, "facilitator")
    store.close()
    at = app_as(facilitator.email.upper())
    at.run()
    assert not at.exception
    assert at.title[0].value == "Programme overview"
    assert any(facilitator.name in c.value for c in at.sidebar.caption)
    assert "Sign out" in [b.label for b in at.sidebar.button]
    assert not any("Demo" in i.value for i in at.info)


def test_demo_mode_says_so_on_every_page(store, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DEMO", "1")
    store.close()
    at = app_as(None)
    at.run()
    assert any("Demo mode" in i.value for i in at.info)
    assert "Sign out" not in [b.label for b in at.sidebar.button]


def test_an_entra_account_without_an_email_claim_signs_in_by_its_sign_in_name(store, monkeypatch):
    monkeypatch.setenv("WORKBENCH_DEMO", "0")
    facilitator = person_with(store, "facilitator")
    store.close()
    at = app_as(None)
    at.user = {"is_logged_in": True, "preferred_username": facilitator.email, "name": "x"}
    at.run()
    assert not at.exception and at.title[0].value == "Programme overview"
    at = app_as(None)
    at.user = {"is_logged_in": True, "name": "No Email"}
    at.run()
    assert "did not tell the workbench its email address" in at.error[0].value
    assert [b.label for b in at.sidebar.button] == ["Sign out"]
