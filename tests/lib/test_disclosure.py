"""Disclosure control (DESIGN.md §6): no figure of a group under the threshold is shown, and none
can be worked out from the set of figures the app shows for a data set (every chart kind, with and
without grouping). Checked on random small data sets (hypothesis), on every sample data set, and on
the audit's cases (issue 8)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from research_cycle.lib import charts, disclosure, stats, tabular
from research_cycle.store.errors import ValidationError

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


# ---- the rules, one at a time -----------------------------------------------------------------

def labels(*sizes: int) -> pd.Series:
    names = [f"G{i + 1}" for i in range(len(sizes))]
    return pd.Series(pd.Categorical(sum(([n] * s for n, s in zip(names, sizes)), []), categories=names))


@pytest.mark.parametrize("sizes,withheld", [
    ((10, 12, 3), {"G3": "small", "G1": "secondary"}),  # one small group: the next smallest goes too
    ((10, 12, 1, 2), {"G3": "small", "G4": "small", "G1": "secondary"}),  # 1 + 2 < 5 together: one more
    ((10, 12, 2, 4), {"G3": "small", "G4": "small"}),  # two small groups of 6 together: enough
    ((10, 12, 7), {}),
    ((3, 1), {"G1": "small", "G2": "small"}),  # the total itself is under 5
])
def test_primary_and_secondary_suppression(sizes, withheld):
    parts = disclosure.partition(labels(*sizes))
    assert parts.withheld == withheld
    assert parts.total_shown == (sum(sizes) >= 5)


def test_threshold_is_at_least_five_and_can_be_raised():
    assert disclosure.partition(labels(6, 9), threshold=7).withheld == {"G1": "small", "G2": "secondary"}
    assert disclosure.partition(labels(3, 9), threshold=2).withheld == {"G1": "small", "G2": "secondary"}
    assert disclosure.check_threshold("8") == 8
    for bad in (4, 0, "three", 5.5, 51):
        with pytest.raises(ValidationError):
            disclosure.check_threshold(bad)


def test_protect_shows_fewer_than_and_nothing_else_and_refuses_min_and_max():
    parts = disclosure.partition(labels(10, 3, 6))
    figures = pd.DataFrame({"mean": [1.0, 2.0, 3.0], "SD": [1.0, 1.0, 1.0]}, index=["G1", "G2", "G3"])
    table = disclosure.protect(figures, parts, "Group").set_index("Group")
    assert table.loc["G2", "pupils"] == "fewer than 5" and table.loc["G2", ["mean", "SD"]].isna().all()
    assert table.loc["G3", "pupils"] == "withheld" and table.loc["G3", ["mean", "SD"]].isna().all()
    assert table.loc["G1", "pupils"] == "10" and table.loc["G1", "mean"] == 1.0
    with pytest.raises(ValueError, match="never shown"):
        disclosure.protect(figures.assign(min=0.0), parts, "Group")


def test_withheld_groups_are_named_without_their_size():
    parts = disclosure.partition(labels(10, 3, 6))
    (note,) = parts.note()
    assert "G2 (fewer than 5 pupils)" in note and "G3 (withheld" in note
    assert not re.search(r"\d", note.replace("G2", "").replace("G3", "").replace("5 pupils", ""))


def test_nice_edges_are_round_and_cover_every_value():
    values = np.array([71.3, 88.2, 101.7, 129.9])
    edges = disclosure.nice_edges(values)
    assert edges[0] <= 71.3 < edges[1] and edges[-2] <= 129.9 < edges[-1]
    step = edges[1] - edges[0]
    assert step in (5.0, 10.0) and all(e % step == 0 for e in edges)
    assert disclosure.bin_counts(values, edges).sum() == 4


def test_merge_bins_keeps_every_row_empty_or_at_least_the_threshold():
    counts = np.array([[3, 0, 4, 9, 1, 5], [0, 0, 2, 6, 1, 5]])
    keep = disclosure.merge_bins(counts, 5)
    merged = np.add.reduceat(counts, keep[:-1], axis=1)
    assert ((merged == 0) | (merged >= 5)).all() and merged.sum() == counts.sum()


# ---- every view the app can draw of a data set, and the checks on all of them together ----------

def views(frame: pd.DataFrame, groups: list[str], pre: str | None, post: str | None, measures: list[str],
          threshold: int) -> list[tuple[dict, charts.View]]:
    """Every (choice, view) the data sets page offers for this data set."""
    choices = []
    scores = measures + [c for c in (pre, post) if c]
    for group in [None, *groups]:
        if pre and post:
            choices.append({"kind": charts.PREPOST, "group": group})
        for measure in scores:
            choices.append({"kind": charts.DISTRIBUTION, "group": group, "measure": measure})
            if group:
                choices.append({"kind": charts.BY_GROUP, "group": group, "measure": measure})
        if group:
            values = charts.group_values(frame, group)
            for outcome in ([post] if post else []) + measures:
                for adjust in ((False, True) if outcome == post and pre else (False,)):
                    if len(values) >= 2:
                        choices.append({"kind": charts.COMPARISON, "group": group, "measure": outcome,
                                        "intervention": values[0], "compared": values[1], "adjust": adjust,
                                        "attainment": True})
    out = []
    for choice in choices:
        view = charts.build(frame, choice["kind"], measure=choice.get("measure"), pre=pre, post=post,
                            group=choice["group"], threshold=threshold, intervention=choice.get("intervention"),
                            compared=choice.get("compared"), adjust=choice.get("adjust", False),
                            attainment=choice.get("attainment", False))
        out.append((choice, view))
    return out


def population(frame, choice, pre, post) -> tuple[str, pd.Series]:
    """Which pupils a view is about: pupils with both scores for anything on pre or post."""
    variable = choice.get("measure") or post
    if pre and post and variable in (pre, post):
        return "pre and post", stats.numbers(frame, pre).notna() & stats.numbers(frame, post).notna()
    return variable, stats.numbers(frame, variable).notna()


def true_sizes(frame, group, mask) -> pd.Series:
    counts = stats.groups_of(frame, group)[mask].value_counts()
    return counts[counts > 0]


def histogram_bars(view) -> pd.DataFrame:
    data = charts.chart_data(view.chart).copy()
    data["name"] = [re.sub(r" \(n=\d+\)$", "", g) for g in data["group"]]
    data["n"] = [int(re.search(r"\(n=(\d+)\)$", g).group(1)) for g in data["group"]]
    return data


def check_nothing_small_is_shown_or_derivable(frame, groups, pre, post, measures, threshold, *, spec=True):
    """``spec``: look for small groups in the whole Vega-Lite spec (slow) rather than in the
    chart's data and subtitle."""
    shown_as: dict[tuple, str] = {}
    totals: dict[str, int | None] = {}
    hists: dict[tuple, pd.DataFrame] = {}
    all_views = views(frame, groups, pre, post, measures, threshold)
    for choice, view in all_views:
        group = choice["group"]
        key = group or "Group"
        pop, mask = population(frame, choice, pre, post)
        sizes = true_sizes(frame, group, mask)
        text = (json.dumps(view.chart.to_dict()) if spec else charts.chart_data(view.chart).to_csv()) + "\n".join(view.notes)
        table = view.table
        for _, row in table.iterrows():
            name, pupils = row[key], row["pupils"]
            figures = row.drop([key, "pupils"])
            if sizes[name] < threshold:  # primary: "fewer than t" and nothing else
                assert pupils == f"fewer than {threshold}" and figures.isna().all(), (choice, row)
            if pupils.isdigit():
                assert int(pupils) == sizes[name] >= threshold, (choice, row)
            else:
                assert figures.isna().all(), (choice, row)
            # the same pupils are shown the same way in every view (no difference of a few pupils)
            previous = shown_as.setdefault((pop, group, name), pupils)
            assert previous == pupils, (choice, name, previous, pupils)
        for name, n in sizes.items():
            if n < threshold:
                assert f"{name} (n=" not in text, (choice, name)
        assert not any(c.lower() in ("min", "max") for c in table.columns)
        if group is None and choice["kind"] != charts.COMPARISON:
            first = table["pupils"].iloc[0] if len(table) else "0"
            totals[pop] = int(first) if first.isdigit() else None
        if choice["kind"] == charts.DISTRIBUTION:
            bars = histogram_bars(view)
            assert ((bars["count"] == 0) | (bars["count"] >= threshold)).all(), choice
            for name, part in bars.groupby("name"):
                assert part["count"].sum() == part["n"].iloc[0] == sizes[name], (choice, name)
            hists[(choice["measure"], group)] = bars
    # the total minus the groups shown is nothing, or at least `threshold` pupils of two or more groups
    for choice, view in all_views:
        if choice["kind"] == charts.COMPARISON or choice["group"] is None:
            continue
        pop, mask = population(frame, choice, pre, post)
        table = view.table
        shown = table[table["pupils"].str.isdigit()]
        hidden = table[~table["pupils"].str.isdigit()]
        if totals.get(pop) is None:
            assert shown.empty, choice
            continue
        remainder = totals[pop] - shown["pupils"].astype(int).sum()
        assert remainder == 0 or (remainder >= threshold and len(hidden) >= 2), (choice, remainder)
    # a histogram by group cannot be subtracted from the ungrouped one to place a withheld pupil
    for (measure, group), bars in hists.items():
        if group is None or bars.empty:
            continue
        whole = hists[(measure, None)]
        edges = sorted(set(bars["bin_start"]) | set(bars["bin_end"]))
        assert set(edges) <= set(whole["bin_start"]) | set(whole["bin_end"]), (measure, group)
        for lo, hi in zip(edges, edges[1:]):
            total = whole[(whole["bin_start"] >= lo) & (whole["bin_start"] < hi)]["count"].sum()
            shown = bars[bars["bin_start"] == lo]["count"].sum()
            assert total - shown == 0 or total - shown >= threshold, (measure, group, lo, total, shown)
    return all_views


# ---- random small data sets ------------------------------------------------------------------

@st.composite
def small_datasets(draw):
    sizes = draw(st.lists(st.integers(1, 12), min_size=1, max_size=4))
    n = sum(sizes)
    first = sum(([f"G{i + 1}"] * s for i, s in enumerate(sizes)), [])
    missing = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    first = [None if m and draw(st.integers(0, 9)) == 0 else g for g, m in zip(first, missing)]
    second = draw(st.lists(st.sampled_from(["H1", "H2", "H3"]), min_size=n, max_size=n))
    score = st.one_of(st.integers(0, 40), st.floats(0, 40, allow_nan=False).map(lambda x: round(x, 1)))
    maybe = st.one_of(score, score, score, score, st.none())
    frame = pd.DataFrame({
        "g1": first, "g2": second,
        "pre": draw(st.lists(maybe, min_size=n, max_size=n)),
        "post": draw(st.lists(maybe, min_size=n, max_size=n)),
        "score": draw(st.lists(maybe, min_size=n, max_size=n)),
    })
    return frame, draw(st.sampled_from([5, 5, 7]))


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(small_datasets())
def test_no_small_group_is_shown_or_derivable_in_any_view(data):
    frame, threshold = data
    for column in ("pre", "post", "score"):
        frame[column] = frame[column].astype(float)
    check_nothing_small_is_shown_or_derivable(frame, ["g1", "g2"], "pre", "post", ["score"], threshold)


# ---- the sample alliance and the audit's cases ------------------------------------------------

def sample_sets():
    with open(SAMPLE / "datasets.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            path = SAMPLE / row["file"]
            roles = dict(pair.split("=", 1) for pair in row["roles"].split(";"))
            yield path.stem, tabular.read_table(path.read_bytes(), path.name).frame, roles


@pytest.mark.parametrize("name,frame,roles", list(sample_sets()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_sample_data_set_discloses_no_small_group(name, frame, roles):
    by = {r: [c for c, role in roles.items() if role == r] for r in ("group", "pre", "post", "measure")}
    check_nothing_small_is_shown_or_derivable(frame, by["group"], by["pre"][0], by["post"][0], by["measure"], 5,
                                              spec=False)


def sample(name):
    return next(f for n, f, _ in sample_sets() if n == name)


def test_aac_one_year_six_pupil_cannot_be_recovered_by_subtraction():
    frame = sample("aac_2025")
    whole = charts.build(frame, charts.PREPOST, pre="messages_before", post="messages_after").table
    by_year = charts.build(frame, charts.PREPOST, pre="messages_before", post="messages_after",
                           group="year_group").table.set_index("year_group")
    assert whole["pupils"].iloc[0] == "6"
    assert by_year.loc["Year 6", "pupils"] == "fewer than 5"
    # Year 5 (the only other group) is withheld, so total minus Year 5 is not Year 6's figures
    assert by_year.loc["Year 5", "pupils"] == "withheld" and by_year["mean pre"].isna().all()


def test_beechwood_small_groups_cannot_be_recovered_by_subtraction():
    frame = sample("beechwood_families_2026")
    for group in ("year_group", "pupil_premium", "eal"):
        table = charts.build(frame, charts.BY_GROUP, measure="confidence_after", pre="confidence_before",
                             post="confidence_after", group=group).table
        assert (~table["pupils"].str.isdigit()).sum() != 1
        assert table["mean"].notna().sum() == table["pupils"].str.isdigit().sum()
    hist = charts.chart_data(charts.build(frame, charts.DISTRIBUTION, measure="confidence_after",
                                          pre="confidence_before", post="confidence_after",
                                          group="pupil_premium").chart)
    assert hist.empty  # 4 non-pupil-premium pupils: neither group's histogram can be shown


def test_distribution_of_every_sample_view_adds_up_to_the_n_shown():
    for _, frame, roles in sample_sets():
        groups = [c for c, r in roles.items() if r == "group"]
        pre, post = (next(c for c, r in roles.items() if r == role) for role in ("pre", "post"))
        for measure in (pre, post):
            for group in (None, *groups):
                view = charts.build(frame, charts.DISTRIBUTION, measure=measure, pre=pre, post=post, group=group)
                shown = view.table[view.table["pupils"].str.isdigit()]
                bars = charts.chart_data(view.chart)
                assert bars["count"].sum() == shown["pupils"].astype(int).sum(), (measure, group)
