"""Real-browser fixtures: a fresh store, the app in its own server, and Debian's Chromium driven
by Playwright. On CI (CI=true) a missing browser fails the run instead of skipping it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _need(condition: bool, why: str) -> None:
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why} (browser tests must run on CI)")
    pytest.skip(why)


class Served(str):
    """The app's URL, which also knows its store file and can stop the server (DuckDB lets one
    process at a time open the file: stop the server before reading the store in a test)."""

    store: Path
    process: subprocess.Popen

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """The app on a fresh store made with `init-db --sample`, in demo mode. Yields its URL."""
    yield from _serve(tmp_path, demo=True)


@pytest.fixture
def plain_server(tmp_path):
    """The same, without demo mode (nobody is signed in)."""
    yield from _serve(tmp_path, demo=False)


def _serve(tmp_path, *, demo: bool):
    store = tmp_path / "e2e.duckdb"
    subprocess.run([sys.executable, "-m", "research_cycle", "init-db", "--sample", "--db", str(store)],
                   cwd=ROOT, check=True, capture_output=True)
    port = _free_port()
    env = {**os.environ, "WORKBENCH_DB": str(store), "WORKBENCH_DEMO": "1" if demo else "0"}
    log = open(tmp_path / "server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError((tmp_path / "server.log").read_text()) from None
            time.sleep(0.2)
    served = Served(url)
    served.store, served.process = store, proc
    yield served
    served.stop()
    log.close()


@pytest.fixture
def page(tmp_path):
    _need(Path(CHROMIUM).exists(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        _need(False, "playwright is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        pg.set_default_timeout(20_000)
        yield pg
        pg.screenshot(path=str(tmp_path / "last.png"), full_page=True)
        browser.close()
