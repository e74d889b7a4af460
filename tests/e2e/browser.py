"""Helpers for the real-browser tests."""


def wait_idle(page) -> None:
    """Wait until Streamlit has finished the current run: the app reports its script as not
    running and the 'running' status widget is gone."""
    page.wait_for_timeout(200)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=20_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=20_000)
