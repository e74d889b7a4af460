"""The one place research_cycle touches Streamlit: the process-wide store connection.

DuckDB wants one connection per process and a cursor per thread or session, so the connection
is a cached resource and each browser session takes its own cursor.
"""

from __future__ import annotations

import streamlit as st

from . import db


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    return db.connect(path)


def cursor(path: str | None = None):
    """This session's cursor on the store (opened and migrated once per process)."""
    target = str(db.db_path(path))
    key = f"_cursor::{target}"
    if key not in st.session_state:
        st.session_state[key] = _connection(target).cursor()
    return st.session_state[key]


@st.cache_data(show_spinner=False, max_entries=128)
def dataset_chart(dataset_id: int, kind: str, measure, pre, post, group, _frame):
    """The Vega-Lite spec and summary of a data set chart, kept between reruns. Stored data sets
    never change (they can only be deleted), so the id and the choices identify the chart; the
    caller has already checked the person may read the data set."""
    from . import charts

    chart, summary = charts.build(_frame, kind, measure=measure, pre=pre, post=post, group=group)
    return chart.to_dict(), summary
