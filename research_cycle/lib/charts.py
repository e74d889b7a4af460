"""Altair charts of data sets. Charts plot only what :mod:`disclosure` lets through (via the
:mod:`stats` summaries and :func:`disclosure.histogram`): aggregated figures of groups large
enough to show, never a row per pupil, a minimum or a maximum. Withheld groups are named in the
subtitle (never with their size), so the reader knows they exist. Pages show the spec with
st.vega_lite_chart; documents render them to PNG."""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from ..store.errors import ValidationError
from . import disclosure, stats

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#17becf"]  # colour-blind friendly order
# The charts a data set can be drawn as (this module draws them; the vocabulary lives here).
CHART_KINDS = ("Pre/post change by group", "Measure by group", "Distribution", "Intervention vs comparison")
PREPOST, BY_GROUP, DISTRIBUTION, COMPARISON = CHART_KINDS


@dataclass(frozen=True)
class View:
    """What a page or document shows for one choice: the chart, the table under it, and the
    footnotes (what was withheld, the method of every figure, cautions)."""

    chart: alt.TopLevelMixin
    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def _label(name, n) -> str:
    return f"{name} (n={int(n)})"


def _shown(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """Rows of a protected table whose figures may be shown, with a label carrying n."""
    rows = table[table[disclosure.PUPILS].str.isdigit()].copy()
    rows["n"] = rows[disclosure.PUPILS].astype(int)
    rows["label"] = [_label(g, n) for g, n in zip(rows[key], rows["n"])]
    return rows


def _measure_chart(summary: stats.Summary, measure: str, group: str, title: str | None) -> alt.Chart:
    data = _shown(summary.table, group)[["label", "n", "mean"]]
    return alt.Chart(data, title=alt.Title(title or f"Mean {measure} by {group}", subtitle=summary.notes)).mark_bar(
        color=COLOURS[0]).encode(
        x=alt.X("mean:Q", title=f"Mean {measure}"),
        y=alt.Y("label:N", title=group, sort=None),
        tooltip=[alt.Tooltip("label:N", title=group), alt.Tooltip("n:Q", title="Pupils"),
                 alt.Tooltip("mean:Q", format=".2f")],
    )


def measure_by_group(frame: pd.DataFrame, measure: str, group: str, *, threshold: int = stats.MIN_GROUP,
                     title: str | None = None) -> alt.Chart:
    """Mean of a measure per shown group, with n in each label."""
    return _measure_chart(stats.group_summary(frame, measure, group, threshold), measure, group, title)


def _dumbbell(shown: pd.DataFrame, key: str, before: str, after: str, columns: tuple[str, str], title: str,
              subtitle: list[str]):
    long = pd.concat([
        pd.DataFrame({"label": shown["label"], "when": before, "mean": shown[columns[0]], "order": 0}),
        pd.DataFrame({"label": shown["label"], "when": after, "mean": shown[columns[1]], "order": 1}),
    ], ignore_index=True)
    base = alt.Chart(long, title=alt.Title(title, subtitle=subtitle))
    line = base.mark_line(color="#999999").encode(x=alt.X("mean:Q", title="Mean score", scale=alt.Scale(zero=False)),
                                                  y=alt.Y("label:N", title=key, sort=None), detail="label:N")
    points = base.mark_point(filled=True, size=90).encode(
        x="mean:Q", y=alt.Y("label:N", sort=None),
        color=alt.Color("when:N", title="", scale=alt.Scale(domain=[before, after], range=COLOURS[:2])),
        tooltip=[alt.Tooltip("label:N", title=key), alt.Tooltip("when:N"), alt.Tooltip("mean:Q", format=".2f")])
    return line + points


def _prepost_chart(summary: stats.Summary, pre: str, post: str, group: str | None, title: str | None):
    key = group or "Group"
    shown = _shown(summary.table, key)
    effects = [f"{name}: change {row['mean change']:+.2f}; {summary.effects[name].describe()}"
               for name, (_, row) in zip(shown[key], shown.iterrows()) if name in summary.effects]
    subtitle = effects + [n for n in summary.notes if n != stats.ONE_GROUP_METHOD]
    return _dumbbell(shown, key, pre, post, ("mean pre", "mean post"),
                     title or f"{pre} to {post}" + (f" by {group}" if group else "") + " (one group before/after)",
                     subtitle)


def prepost_by_group(frame: pd.DataFrame, pre: str, post: str, group: str | None, *,
                     threshold: int = stats.MIN_GROUP, title: str | None = None):
    """One group before/after: mean pre and post for each shown group (a dumbbell), with the
    change and the standardised change [95% CI] in the subtitle (not months), and the cautions."""
    return _prepost_chart(stats.prepost_summary(frame, pre, post, group, threshold), pre, post, group, title)


def distribution(frame: pd.DataFrame, measure: str, group: str | None = None, *, threshold: int = stats.MIN_GROUP,
                 title: str | None = None):
    """Histogram of a measure, per shown group when grouped (disclosure.histogram: round edges,
    every bar empty or at least the threshold; bars add up to each group's n)."""
    values = stats.numbers(frame, measure)
    has = values.notna()
    labels = stats.groups_of(frame, group)[has] if group is not None else None
    hist = disclosure.histogram(values[has], labels, threshold)
    bars = hist.bars.copy()
    sizes = bars.groupby("group", sort=False)["count"].sum()
    bars["group"] = [_label(g, sizes[g]) for g in bars["group"]]
    total = int(sizes.sum())
    subtitle = hist.notes + ([f"Bars add up to {total} pupils."] if total else [])
    chart = alt.Chart(bars, title=alt.Title(title or f"Distribution of {measure}", subtitle=subtitle))
    return chart.mark_bar(opacity=0.75).encode(
        x=alt.X("bin_start:Q", bin="binned", title=measure), x2="bin_end:Q",
        y=alt.Y("count:Q", title="Pupils", stack=None),
        color=alt.Color("group:N", title=group or "", scale=alt.Scale(range=COLOURS)),
        tooltip=[alt.Tooltip("group:N", title=group or "Group"), alt.Tooltip("bin_start:Q", title="From"),
                 alt.Tooltip("bin_end:Q", title="Up to (not including)"), alt.Tooltip("count:Q", title="Pupils")])


def _comparison_chart(summary: stats.Summary, outcome: str, group: str, pre: str | None, title: str | None):
    shown = _shown(summary.table, group)
    effect = [summary.effects["g"].describe()] if "g" in summary.effects else []
    subtitle = effect + [n for n in summary.notes if n not in (stats.TWO_GROUP_METHOD, stats.GAIN_METHOD)]
    title = title or f"{outcome}: intervention vs comparison ({group})"
    if pre is not None:
        return _dumbbell(shown, group, pre, outcome, (f"mean {pre}", f"mean {outcome}"), title, subtitle)
    return alt.Chart(shown[["label", "n", f"mean {outcome}"]].rename(columns={f"mean {outcome}": "mean"}),
                     title=alt.Title(title, subtitle=subtitle)).mark_bar(color=COLOURS[0]).encode(
        x=alt.X("mean:Q", title=f"Mean {outcome}"), y=alt.Y("label:N", title=group, sort=None),
        tooltip=[alt.Tooltip("label:N", title=group), alt.Tooltip("n:Q", title="Pupils"),
                 alt.Tooltip("mean:Q", format=".2f")])


def comparison(frame: pd.DataFrame, outcome: str, group: str, intervention: str, compared: str, *,
               pre: str | None = None, attainment: bool = False, threshold: int = stats.MIN_GROUP,
               title: str | None = None):
    """Intervention vs comparison on the post-test (stats.comparison): mean per group, with g
    [95% CI], months when the measure is attainment, and the caution."""
    summary = stats.comparison(frame, outcome, group, intervention, compared, pre=pre, attainment=attainment,
                               threshold=threshold)
    return _comparison_chart(summary, outcome, group, pre, title)


def chart_data(chart) -> pd.DataFrame:
    """The data a chart plots (for tests and tables)."""
    if isinstance(chart, alt.LayerChart):
        return chart.layer[0].data if isinstance(chart.layer[0].data, pd.DataFrame) else chart.data
    return chart.data


def group_values(frame: pd.DataFrame, group: str) -> list[str]:
    """The groups of a column, in display order (names only, never their sizes): for choosing
    the intervention and comparison groups."""
    return [str(g) for g in stats.groups_of(frame, group).cat.categories]


def build(frame: pd.DataFrame, kind: str, *, measure: str | None = None, pre: str | None = None,
          post: str | None = None, group: str | None = None, threshold: int = stats.MIN_GROUP,
          intervention: str | None = None, compared: str | None = None, adjust: bool = False,
          attainment: bool = False) -> View:
    """The chart, table and footnotes for one of ``CHART_KINDS``; ValidationError when a choice
    is missing. ``pre``/``post`` are the data set's pre and post columns (if any): every view of
    either uses only pupils with both scores, so that two views of the same scores never differ
    by a few pupils (which would let those pupils' scores be worked out)."""
    threshold = max(int(threshold), disclosure.MINIMUM)
    notes: list[str] = []
    variable = post if kind in (PREPOST, COMPARISON) and measure is None else measure
    if pre and post and variable in (pre, post):
        both = stats.numbers(frame, pre).notna() & stats.numbers(frame, post).notna()
        frame = frame[both]
        notes.append(f"Pupils with both a {pre} and a {post} score.")
    if kind == PREPOST:
        if not (pre and post):
            raise ValidationError("Chart", "mark a pre and a post column to show change over time.")
        summary = stats.prepost_summary(frame, pre, post, group, threshold)
        chart = _prepost_chart(summary, pre, post, group, None)
    elif kind == COMPARISON:
        if group is None:
            raise ValidationError("Intervention column", "choose the group column that records which pupils had the "
                                  "intervention and which were the comparison group.")
        if intervention is None or compared is None:
            raise ValidationError("Intervention group", "choose the intervention group and the comparison group.")
        outcome = measure or post
        use_pre = pre if adjust and pre and outcome == post else None
        summary = stats.comparison(frame, outcome, group, intervention, compared, pre=use_pre,
                                   attainment=attainment, threshold=threshold)
        chart = _comparison_chart(summary, outcome, group, use_pre, None)
    elif kind == BY_GROUP:
        if group is None:
            raise ValidationError("Group by", "choose a group column to compare groups.")
        summary = stats.group_summary(frame, measure, group, threshold)
        chart = _measure_chart(summary, measure, group, None)
    elif kind == DISTRIBUTION:
        summary = stats.group_summary(frame, measure, group, threshold)
        chart = distribution(frame, measure, group, threshold=threshold)
    else:
        raise ValidationError("Chart", f"'{kind}' is not a chart this app draws ({', '.join(CHART_KINDS)}).")
    return View(chart, summary.table, notes + summary.notes)
