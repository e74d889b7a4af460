"""Altair charts of data sets. Charts plot only aggregated values (means, counts), never a row
per pupil, and leave out any group of fewer than five pupils, naming it in the subtitle so the
reader knows it exists. Pages show them with st.altair_chart; documents render them to PNG."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ..store.vocab import CHART_KINDS
from . import stats

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#17becf"]  # colour-blind friendly order


def _suppressed_note(names: list[str]) -> list[str]:
    if not names:
        return []
    return [f"Not shown: {', '.join(map(str, names))} (fewer than {stats.MIN_GROUP} pupils)."]


def _label(name, n) -> str:
    return f"{name} (n={int(n)})"


def measure_by_group(frame: pd.DataFrame, measure: str, group: str, *, title: str | None = None) -> alt.Chart:
    """Mean of a measure per group, with n in each label."""
    summary = stats.group_summary(frame, measure, group)
    shown = summary[~summary["suppressed"]].copy()
    shown["label"] = [_label(g, n) for g, n in zip(shown[group], shown["n"])]
    data = shown[["label", "n", "mean"]]
    subtitle = _suppressed_note(list(summary.loc[summary["suppressed"], group]))
    return alt.Chart(data, title=alt.Title(title or f"Mean {measure} by {group}", subtitle=subtitle)).mark_bar(
        color=COLOURS[0]).encode(
        x=alt.X("mean:Q", title=f"Mean {measure}"),
        y=alt.Y("label:N", title=group, sort=None),
        tooltip=[alt.Tooltip("label:N", title=group), alt.Tooltip("n:Q"), alt.Tooltip("mean:Q", format=".1f")],
    )


def prepost_by_group(frame: pd.DataFrame, pre: str, post: str, group: str | None, *, title: str | None = None):
    """Mean before and after for each group (a dumbbell), with n, and Hedges' g [95% CI] and
    EEF months for each group in the subtitle, followed by the caution."""
    summary = stats.prepost_summary(frame, pre, post, group)
    key = group or "Group"
    shown = summary[~summary["suppressed"]].copy()
    shown["label"] = [_label(g, n) for g, n in zip(shown[key], shown["n"])]
    long = pd.concat([
        pd.DataFrame({"label": shown["label"], "when": pre, "mean": shown["mean pre"], "order": 0}),
        pd.DataFrame({"label": shown["label"], "when": post, "mean": shown["mean post"], "order": 1}),
    ], ignore_index=True)
    effects = [f"{r[key]}: g = {r['g']:.2f} [{r['95% CI low']:.2f}, {r['95% CI high']:.2f}], "
               f"{int(r['EEF months']):+d} months" for _, r in shown.iterrows() if pd.notna(r.get("g"))]
    subtitle = effects + _suppressed_note(list(summary.loc[summary["suppressed"], key])) + [stats.CAUTION]
    base = alt.Chart(long, title=alt.Title(title or f"{pre} to {post}" + (f" by {group}" if group else ""),
                                           subtitle=subtitle))
    line = base.mark_line(color="#999999").encode(x=alt.X("mean:Q", title="Mean score", scale=alt.Scale(zero=False)),
                                                  y=alt.Y("label:N", title=key, sort=None), detail="label:N")
    points = base.mark_point(filled=True, size=90).encode(
        x="mean:Q", y=alt.Y("label:N", sort=None),
        color=alt.Color("when:N", title="", scale=alt.Scale(domain=[pre, post], range=COLOURS[:2])),
        tooltip=[alt.Tooltip("label:N", title=key), alt.Tooltip("when:N"), alt.Tooltip("mean:Q", format=".1f")])
    return line + points


def distribution(frame: pd.DataFrame, measure: str, group: str | None = None, *, title: str | None = None):
    """Histogram of a measure (counts per bin, per group when grouped); small groups left out."""
    values = pd.to_numeric(frame[measure], errors="coerce")
    groups = stats.groups_of(frame, group)
    data = pd.DataFrame({"group": groups, "value": values}).dropna(subset=["value"])
    sizes = data.groupby("group")["value"].count()
    small = sorted(sizes[sizes < stats.MIN_GROUP].index)
    data = data[~data["group"].isin(small)]
    if data.empty:
        binned = pd.DataFrame(columns=["group", "bin_start", "bin_end", "count"])
    else:
        edges = pd.interval_range(start=data["value"].min(), end=data["value"].max() + 1e-9, periods=12)
        data["bin"] = pd.cut(data["value"], edges, include_lowest=True)
        binned = data.groupby(["group", "bin"], observed=False).size().reset_index(name="count")
        binned["bin_start"] = [b.left for b in binned["bin"]]
        binned["bin_end"] = [b.right for b in binned["bin"]]
        binned = binned.drop(columns="bin")
    binned["group"] = [_label(g, sizes[g]) for g in binned["group"]] if len(binned) else binned["group"]
    chart = alt.Chart(binned, title=alt.Title(title or f"Distribution of {measure}", subtitle=_suppressed_note(small)))
    return chart.mark_bar(opacity=0.75).encode(
        x=alt.X("bin_start:Q", bin="binned", title=measure), x2="bin_end:Q",
        y=alt.Y("count:Q", title="Pupils", stack=None),
        color=alt.Color("group:N", title=group or "", scale=alt.Scale(range=COLOURS)),
        tooltip=[alt.Tooltip("group:N", title=group or "Group"), alt.Tooltip("count:Q", title="Pupils")])


def chart_data(chart) -> pd.DataFrame:
    """The data a chart plots (for tests and tables)."""
    if isinstance(chart, alt.LayerChart):
        return chart.layer[0].data if isinstance(chart.layer[0].data, pd.DataFrame) else chart.data
    return chart.data




def build(frame: pd.DataFrame, kind: str, *, measure: str | None = None, pre: str | None = None,
          post: str | None = None, group: str | None = None):
    """(chart, summary table) for one of ``CHART_KINDS``; ValidationError when a choice is missing."""
    from ..store.errors import ValidationError

    if kind == CHART_KINDS[0]:
        return prepost_by_group(frame, pre, post, group), stats.prepost_summary(frame, pre, post, group)
    if kind == CHART_KINDS[1]:
        if group is None:
            raise ValidationError("Group by", "choose a group column to compare groups.")
        return measure_by_group(frame, measure, group), stats.group_summary(frame, measure, group)
    return distribution(frame, measure, group), stats.group_summary(frame, measure, group)
