"""Statistics checked against hand-computed values, and charts that never show small groups or
pupil identifiers."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from research_cycle.lib import charts, stats
from research_cycle.store.errors import ValidationError


def test_hedges_g_two_groups_by_hand():
    # means 6 and 8; both variances 2.5, so pooled SD = sqrt(2.5) = 1.58114; d = 2 / 1.58114 = 1.26491
    # J = 1 - 3 / (4 * 10 - 9) = 0.903226; g = 1.26491 * 0.903226 = 1.14250
    # SE = sqrt(10 / 25 + 1.14250**2 / 20) = sqrt(0.465266) = 0.682104; CI = g -/+ 1.96 * SE
    es = stats.hedges_g([4, 5, 6, 7, 8], [6, 7, 8, 9, 10])
    assert es.g == pytest.approx(1.14250, abs=1e-4)
    assert es.ci_low == pytest.approx(1.14250 - 1.96 * 0.682104, abs=1e-4)
    assert es.ci_high == pytest.approx(1.14250 + 1.96 * 0.682104, abs=1e-4)
    assert (es.n1, es.n2, es.months, es.design) == (5, 5, 12, "two groups")
    assert "indicative only" in es.caution.lower()


def test_hedges_g_matches_an_independent_computation():
    rng = np.random.default_rng(7)
    a, b = rng.normal(100, 15, 40), rng.normal(106, 14, 55)
    pooled = np.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2))
    expected = (b.mean() - a.mean()) / pooled * (1 - 3 / (4 * (len(a) + len(b)) - 9))
    assert stats.hedges_g(a, b).g == pytest.approx(expected, rel=1e-9)


def test_paired_effect_by_hand():
    # changes 2, 1, 3, 2, 3: mean 2.2; SD of pre = sqrt(10) = 3.16228; d = 0.695701
    # J = 1 - 3 / (4 * 4 - 1) = 0.8; g = 0.556561, |g| rounds to 0.56 -> 7 months
    es = stats.hedges_g_paired([10, 12, 14, 16, 18], [12, 13, 17, 18, 21])
    assert es.g == pytest.approx(0.556561, abs=1e-5)
    r = np.corrcoef([10, 12, 14, 16, 18], [12, 13, 17, 18, 21])[0, 1]
    se = math.sqrt(2 * (1 - r) / 5 + es.g ** 2 / 10)
    assert es.ci_low == pytest.approx(es.g - 1.96 * se) and es.ci_high == pytest.approx(es.g + 1.96 * se)
    assert es.months == 7 and es.n1 == 5


@pytest.mark.parametrize("g,months", [(0.0, 0), (0.01, 0), (0.015, 1), (0.02, 1), (0.09, 1), (0.10, 2), (0.18, 2),
                                      (0.19, 3), (0.26, 3), (0.27, 4), (0.35, 4), (0.36, 5), (0.44, 5), (0.45, 6),
                                      (0.52, 6), (0.53, 7), (0.61, 7), (0.62, 8), (0.69, 8), (0.70, 9), (0.78, 9),
                                      (0.79, 10), (0.87, 10), (0.88, 11), (0.95, 11), (0.96, 12), (2.0, 12),
                                      (-0.30, -4), (-0.05, -1)])
def test_eef_months_bands(g, months):
    assert stats.eef_months(g) == months


def test_effect_size_refuses_small_groups_and_no_variation():
    with pytest.raises(ValidationError, match="at least 5 pupils"):
        stats.hedges_g([1, 2, 3, 4], [1, 2, 3, 4, 5])
    with pytest.raises(ValidationError, match="same score"):
        stats.hedges_g([3] * 6, [3] * 6)


def frame():
    rng = np.random.default_rng(3)
    n = 60
    group = ["Yes"] * 25 + ["No"] * 32 + ["Looked after"] * 3
    pre = rng.normal(95, 10, n)
    return pd.DataFrame({"pupil": [f"P{i:03d}" for i in range(n)], "pp": group, "pre": pre,
                         "post": pre + rng.normal(4, 5, n)})


def test_group_summary_suppresses_groups_under_five():
    out = stats.group_summary(frame(), "pre", "pp").set_index("pp")
    assert out.loc["Looked after", "suppressed"] and pd.isna(out.loc["Looked after", "mean"])
    assert out.loc["Yes", "n"] == 25 and not out.loc["Yes", "suppressed"]
    assert out.loc["No", "mean"] == pytest.approx(frame()["pre"][25:57].mean())


def test_prepost_summary_has_effect_sizes_for_shown_groups():
    out = stats.prepost_summary(frame(), "pre", "post", "pp").set_index("pp")
    part = frame()[frame()["pp"] == "Yes"]
    assert out.loc["Yes", "g"] == pytest.approx(stats.hedges_g_paired(part["pre"], part["post"]).g)
    assert pd.isna(out.loc["Looked after", "g"]) and pd.isna(out.loc["Looked after", "mean pre"])


@pytest.mark.parametrize("make", [
    lambda f: charts.measure_by_group(f, "pre", "pp"),
    lambda f: charts.prepost_by_group(f, "pre", "post", "pp"),
    lambda f: charts.distribution(f, "pre", "pp"),
])
def test_charts_leave_out_small_groups_and_pupil_ids(make):
    chart = make(frame())
    spec = chart.to_dict()
    text = json.dumps(spec)
    assert "P00" not in text and '"pupil"' not in text  # no identifiers reach the chart
    assert "Looked after (n=" not in text  # not plotted...
    assert "Not shown: Looked after (fewer than 5 pupils)." in text  # ...but named
    assert "Yes (n=25)" in text and "No (n=32)" in text


def test_prepost_chart_subtitle_reports_g_ci_months_and_caution():
    text = json.dumps(charts.prepost_by_group(frame(), "pre", "post", "pp").to_dict())
    assert "g = " in text and "months" in text and stats.CAUTION in text
