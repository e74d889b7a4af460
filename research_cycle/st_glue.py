"""The one place research_cycle touches Streamlit: the process-wide store connection, cached
chart specs, and the AppTest page timer behind ``python -m research_cycle bench``.

DuckDB wants one connection per process and a cursor per thread, so the connection is a cached
resource and each script run uses the cursor of the thread it runs in.
"""

from __future__ import annotations

import gc
import os
import statistics
import threading
import time

import streamlit as st

from .store import db, readcache, upgrade


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    con = upgrade.connect(path)
    # The app's libraries (pandas, DuckDB, Altair, python-docx...) are loaded by now: about 140,000
    # long-lived objects that a full garbage collection would walk again after every script run
    # (a tenth of a second on this machine, holding up every page switch). Freezing them leaves
    # collections to what the runs create. With .streamlit/config.toml's postScriptGC = false.
    gc.freeze()
    return con


_per_thread = threading.local()


def cursor(path: str | None = None):
    """The cursor of the script run in progress (the connection is opened and migrated once per
    process).

    Each run of a session's script gets a cursor of its own thread. A cursor kept in the
    session's state would be shared when a second run starts before the first has finished (a
    double click, a click straight after a save): the two runs then read each other's results
    ("NoneType has no attribute 'empty'") or see a half-finished query. Runs of one script runner
    follow each other in one thread, so they may reuse its cursor; runs in different threads never
    share one."""
    target = str(db.db_path(path))
    cursors = getattr(_per_thread, "cursors", None)
    if cursors is None:
        cursors = _per_thread.cursors = {}
    if target not in cursors:
        cursors[target] = _connection(target).cursor()
        readcache.enable(cursors[target], target)  # reads kept until the next save (store/readcache)
    return cursors[target]


def leave_pages_folder_mode() -> bool:
    """Turn off Streamlit's older multipage mode for the server's first run; True when the
    caller should rerun.

    Streamlit decides before the first script run of a fresh server whether the app is a
    "pages/ folder" app (it is, until some run has called ``st.navigation``). That first run
    then executes under a wrapper that lists every file in ``pages/`` and gives widgets other ids
    than every later run: the first visitor's first choice ("Demo: act as", the cycle) was
    dropped, and a deep link such as /evidence ran the page file without ``app.py``. The caller
    reruns once when this returns True, and from then on every run is a navigation app.

    AppTest is different: it sets the flag afresh before *every* run, so all its runs share the
    wrapper and agree on widget ids; rerunning there would throw away each run's clicks (a
    form's first submission was lost). Under AppTest this therefore changes nothing."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.pages_manager import PagesManager

    if not PagesManager.uses_pages_directory or _under_app_test(Runtime):
        return False
    PagesManager.uses_pages_directory = False
    return True


def _under_app_test(runtime_class) -> bool:
    """AppTest runs scripts against a mocked Runtime (``MagicMock(spec=Runtime)``)."""
    from unittest import mock

    return isinstance(getattr(runtime_class, "_instance", None), mock.NonCallableMock)


@st.cache_data(show_spinner=False, max_entries=128)
def dataset_chart(dataset_id: int, kind: str, measure, pre, post, group, _frame, *, threshold: int,
                  intervention=None, compared=None, adjust: bool = False, attainment: bool = False):
    """The Vega-Lite spec, protected table and footnotes of a data set chart, kept between reruns.
    Stored data sets never change (they can only be deleted), so the id, the choices and the
    alliance's disclosure threshold identify the chart; the caller has already checked the
    person may read the data set. Everything shown comes through lib.disclosure."""
    from .lib import charts

    view = charts.build(_frame, kind, measure=measure, pre=pre, post=post, group=group, threshold=threshold,
                        intervention=intervention, compared=compared, adjust=adjust, attainment=attainment)
    return view.chart.to_dict(), view.table, view.notes


SUMMARY_CHARTS = ("stage_chart", "links_chart", "target_group_chart", "context_chart")


@st.cache_data(show_spinner=False, max_entries=64)
def summary_chart(name: str, *args) -> dict:
    """The Vega-Lite spec of one of ``summary_documents``' charts (``name`` in SUMMARY_CHARTS),
    kept between reruns: the same figures make the same chart, and building it through Altair,
    which checks every encoding against the schema, took 100-180 ms of each summary page's run.
    The arguments are the figures already through disclosure control."""
    from . import summary_documents

    if name not in SUMMARY_CHARTS:
        raise ValueError(f"not a summary chart: {name}")
    return getattr(summary_documents, name)(*args).to_dict(validate=False)


def page_timings(path: str, runs: int, pages: dict, emails_of) -> list[tuple[str, str, float, float]]:
    """For ``bench``: (page, role, first run ms, median rerun ms) of every page for every role
    that has it, run under Streamlit's AppTest as the representative person of that role."""
    from streamlit.testing.v1 import AppTest

    app = str(db.PROJECT_ROOT / "app.py")

    con = db.connect(path)
    emails = emails_of(con)
    con.close()
    os.environ["WORKBENCH_DB"] = str(path)
    results = []
    for page, roles in pages.items():
        for role in roles:
            at = AppTest.from_file(app, default_timeout=60)
            at.user = {"is_logged_in": True, "email": emails[role], "name": role}
            at.run()
            start = time.perf_counter()
            at.switch_page(page).run()
            first = (time.perf_counter() - start) * 1000
            if at.exception:
                raise RuntimeError(f"{page} as {role} failed: {at.exception[0].value}")
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                at.run()
                times.append((time.perf_counter() - start) * 1000)
            results.append((page, role, first, statistics.median(times)))
    return results


# For ``bench``: a trivial three-page st.navigation app, the floor page switches are measured against.
FLOOR_APP = '''"""A trivial st.navigation app: the floor that page switches are measured against."""
import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")


def page(n):
    def show():
        st.title(f"Floor page {n}")
        st.write(f"Nothing but a title and this line on page {n}.")
    return show


st.navigation([st.Page(page(n), title=f"Floor {n}", url_path=f"floor-{n}", default=n == 1)
               for n in (1, 2, 3)]).run()
'''
