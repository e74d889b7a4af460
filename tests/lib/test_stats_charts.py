"""Statistics checked against hand-computed values and independent formulas, the designs of the EEF
DIY evaluation guide (months only for attainment in a comparison design), and charts that never
show small groups or pupil identifiers. Each audit case of issue 8 is a test here."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from research_cycle.lib import charts, stats
from research_cycle.store.errors import ValidationError

T8, T4 = 2.306004, 2.776445  # t(0.975) with 8 and 4 degrees of freedom, from printed tables


def test_hedges_g_two_groups_by_hand_with_a_t_interval():
    # means 6 and 8; both variances 2.5, so pooled SD = sqrt(2.5) = 1.58114; d = 2 / 1.58114 = 1.26491
    # J = 1 - 3 / (4 * 10 - 9) = 0.903226; g = 1.26491 * 0.903226 = 1.14250
    # SE = sqrt(10 / 25 + 1.14250**2 / 20) = sqrt(0.465266) = 0.682104; CI = g -/+ t(8) * SE
    es = stats.hedges_g([4, 5, 6, 7, 8], [6, 7, 8, 9, 10])
    assert es.g == pytest.approx(1.14250, abs=1e-4)
    assert es.ci_low == pytest.approx(1.14250 - T8 * 0.682104, abs=1e-4)
    assert es.ci_high == pytest.approx(1.14250 + T8 * 0.682104, abs=1e-4)
    assert (es.n1, es.n2, es.design, es.months) == (5, 5, stats.COMPARISON, None)
    assert "t distribution" in es.method and "t distribution" in es.describe()
    assert "indicative only" in es.caution.lower()


def test_small_samples_get_the_t_interval_not_the_normal_one():
    # g = 1.40 with 5 and 5 pupils: the normal interval (1.96) excludes 0, the t interval does not.
    a = np.array([4.0, 5, 6, 7, 8])
    b = a + 1.40 / 0.903226 * math.sqrt(2.5)
    es = stats.hedges_g(a, b)
    se = math.sqrt(10 / 25 + es.g ** 2 / 20)
    assert es.g == pytest.approx(1.40, abs=1e-4)
    assert es.g - 1.96 * se > 0  # what the old interval said
    assert es.ci_low < 0 < es.ci_high
    assert "95% CI -0.23 to 3.03, t distribution" in es.describe()


def test_hedges_g_matches_an_independent_computation():
    rng = np.random.default_rng(7)
    a, b = rng.normal(100, 15, 40), rng.normal(106, 14, 55)
    pooled = np.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2))
    expected = (b.mean() - a.mean()) / pooled * (1 - 3 / (4 * (len(a) + len(b)) - 9))
    assert stats.hedges_g(a, b).g == pytest.approx(expected, rel=1e-9)


def test_one_group_change_by_hand_is_never_months():
    # changes 2, 1, 3, 2, 3: mean 2.2; SD of pre = sqrt(10) = 3.16228; d = 0.695701
    # J = 1 - 3 / (4 * 4 - 1) = 0.8; g = 0.556561; CI = g -/+ t(4) * SE
    es = stats.hedges_g_paired([10, 12, 14, 16, 18], [12, 13, 17, 18, 21])
    assert es.g == pytest.approx(0.556561, abs=1e-5)
    r = np.corrcoef([10, 12, 14, 16, 18], [12, 13, 17, 18, 21])[0, 1]
    se = math.sqrt(2 * (1 - r) / 5 + es.g ** 2 / 10)
    assert es.ci_low == pytest.approx(es.g - T4 * se, abs=1e-5) and es.ci_high == pytest.approx(es.g + T4 * se, abs=1e-5)
    assert es.months is None and es.design == stats.ONE_GROUP and es.n1 == 5
    text = es.describe()
    assert "standardised change 0.56" in text and "not months of additional progress" in text
    assert "months'" not in text and "progress over time anyway" in es.caution


@pytest.mark.parametrize("g,months", [(0.0, 0), (0.01, 0), (0.015, 1), (0.02, 1), (0.09, 1), (0.10, 2), (0.18, 2),
                                      (0.19, 3), (0.26, 3), (0.27, 4), (0.35, 4), (0.36, 5), (0.44, 5), (0.45, 6),
                                      (0.52, 6), (0.53, 7), (0.61, 7), (0.62, 8), (0.69, 8), (0.70, 9), (0.78, 9),
                                      (0.79, 10), (0.87, 10), (0.88, 11), (0.95, 11), (0.96, 12), (2.0, 12),
                                      (-0.30, -4), (-0.05, -1)])
def test_eef_months_bands(g, months):
    assert stats.eef_months(g) == months


@pytest.mark.parametrize("bad,word", [(float("nan"), "not a number"), (float("inf"), "infinite"),
                                      (float("-inf"), "infinite")])
def test_eef_months_refuses_nan_and_infinity(bad, word):
    with pytest.raises(ValidationError, match=word):
        stats.eef_months(bad)


@pytest.mark.parametrize("hundredths", range(0, 120))
def test_printed_g_and_months_agree_at_every_half_boundary(hundredths):
    g = hundredths / 100 + 0.005  # 0.005, 0.015, ... 0.185 (which binary rounding prints as 0.18) ...
    es = stats.EffectSize(g, g - 0.5, g + 0.5, 20, 20, stats.COMPARISON, stats.TWO_GROUP_METHOD, stats.CAUTION,
                          months=stats.eef_months(g))
    printed = float(es.describe().split("g = ")[1].split(" ")[0])
    assert stats.eef_months(printed) == es.months
    assert printed == es.shown


def test_effect_size_refuses_small_groups_without_saying_their_size():
    with pytest.raises(ValidationError, match="at least 5 pupils") as err:
        stats.hedges_g([1, 2, 3, 4], [1, 2, 3, 4, 5])
    assert not any(ch.isdigit() and ch != "5" for ch in err.value.message)
    with pytest.raises(ValidationError) as err:
        stats.hedges_g_paired([1, 2, 3], [2, 3, 4])
    assert "3" not in err.value.message


def test_every_pupil_has_the_same_score_only_when_true():
    with pytest.raises(ValidationError, match="every pupil has the same score"):
        stats.hedges_g([3] * 6, [3] * 6)
    with pytest.raises(ValidationError) as err:
        stats.hedges_g([3] * 6, [5] * 6)  # no spread within groups, but the groups differ
    assert "inside each group" in err.value.message and "every pupil has the same score" not in err.value.message


def test_guards_nan_infinity_and_floating_point_noise():
    # NaN and text are not scores and are left out
    assert stats.hedges_g([4, 5, 6, 7, 8, np.nan, "absent"], [6, 7, 8, 9, 10]).n1 == 5
    with pytest.raises(ValidationError, match="infinite"):
        stats.hedges_g([4, 5, 6, 7, np.inf], [6, 7, 8, 9, 10])
    # 0.1 + 0.2 differs from 0.3 by 5e-17: that is no spread, not an enormous effect
    noisy = [0.3, 0.1 + 0.2, 0.3, 0.1 + 0.2, 0.3]
    with pytest.raises(ValidationError, match="no spread"):
        stats.hedges_g(noisy, [x + 1 for x in noisy])
    with pytest.raises(ValidationError, match="same pre score"):
        stats.hedges_g_paired(noisy, [1, 2, 3, 4, 5])
    with pytest.raises(ValidationError, match="infinite"):
        stats.group_summary(pd.DataFrame({"s": [1.0, 2, np.inf, 4, 5, 6]}), "s", None)


def frame():
    rng = np.random.default_rng(3)
    group = ["Yes"] * 25 + ["No"] * 32 + ["Looked after"] * 3 + ["Young carer"] * 6
    n = len(group)
    pre = rng.normal(95, 10, n)
    return pd.DataFrame({"pupil": [f"P{i:03d}" for i in range(n)], "pp": group, "pre": pre,
                         "post": pre + rng.normal(4, 5, n)})


def test_group_summary_shows_nothing_of_a_small_group_and_no_min_or_max():
    out = stats.group_summary(frame(), "pre", "pp").table.set_index("pp")
    assert "min" not in out.columns and "max" not in out.columns
    assert out.loc["Looked after", "pupils"] == "fewer than 5"
    assert out.loc["Looked after"].drop("pupils").isna().all()  # no n, mean, median or SD
    # the only other small-enough group is withheld too, so the total cannot give Looked after away
    assert out.loc["Young carer", "pupils"] == "withheld" and out.loc["Young carer"].drop("pupils").isna().all()
    assert out.loc["Yes", "pupils"] == "25"
    assert out.loc["No", "mean"] == pytest.approx(frame()["pre"][25:57].mean(), abs=0.005)


def test_one_group_summary_has_standardised_change_not_months():
    summary = stats.prepost_summary(frame(), "pre", "post", "pp")
    out = summary.table.set_index("pp")
    part = frame()[frame()["pp"] == "Yes"]
    es = stats.hedges_g_paired(part["pre"], part["post"])
    assert out.loc["Yes", "standardised change"] == es.shown
    assert "EEF months" not in out.columns and not any("months'" in n for n in summary.notes)
    assert pd.isna(out.loc["Looked after", "standardised change"]) and pd.isna(out.loc["Looked after", "mean pre"])
    assert stats.GROWTH_CAUTION in summary.notes and stats.ONE_GROUP_METHOD in summary.notes


def design_frame(outcome="reading"):
    rng = np.random.default_rng(11)
    group = ["Intervention"] * 20 + ["Comparison"] * 22
    pre = rng.normal(100, 12, 42)
    post = pre + np.where(np.array(group) == "Intervention", 6.0, 2.0) + rng.normal(0, 4, 42)
    return pd.DataFrame({"arm": group, f"{outcome}_pre": pre, f"{outcome}_post": post})


def test_comparison_design_uses_two_group_hedges_g_and_months_only_for_attainment():
    f = design_frame()
    a, b = f[f.arm == "Comparison"]["reading_post"], f[f.arm == "Intervention"]["reading_post"]
    summary = stats.comparison(f, "reading_post", "arm", "Intervention", "Comparison", attainment=True)
    es = summary.effects["g"]
    assert es.g == pytest.approx(stats.hedges_g(a, b).g) and es.months == stats.eef_months(es.shown)
    assert (es.n1, es.n2) == (22, 20) and "months' additional progress" in es.describe()
    other = stats.comparison(f, "reading_post", "arm", "Intervention", "Comparison", attainment=False)
    assert other.effects["g"].months is None
    assert any("only for an attainment measure" in n for n in other.notes)
    assert "months" not in other.effects["g"].describe()


def test_comparison_allowing_for_the_pre_test_by_gain_scores():
    f = design_frame()
    summary = stats.comparison(f, "reading_post", "arm", "Intervention", "Comparison", pre="reading_pre",
                               attainment=True)
    i, c = f[f.arm == "Intervention"], f[f.arm == "Comparison"]
    diff = (i.reading_post - i.reading_pre).mean() - (c.reading_post - c.reading_pre).mean()
    pooled = math.sqrt((19 * i.reading_post.var() + 21 * c.reading_post.var()) / 40)
    assert summary.effects["g"].g == pytest.approx(diff / pooled * (1 - 3 / (4 * 42 - 9)))
    assert stats.GAIN_METHOD in summary.notes and "mean gain" in summary.table.columns


def test_comparison_refuses_when_a_small_third_group_forces_one_to_be_withheld():
    f = design_frame()
    f.loc[:1, "arm"] = None  # two pupils whose group was not recorded
    summary = stats.comparison(f, "reading_post", "arm", "Intervention", "Comparison", attainment=True)
    assert summary.effects == {}
    note = next(n for n in summary.notes if n.startswith("No effect size"))
    assert "Not recorded" in note and "2" not in note
    assert (summary.table["pupils"] == "withheld").sum() == 1


@pytest.mark.parametrize("make", [
    lambda f: charts.measure_by_group(f, "pre", "pp"),
    lambda f: charts.prepost_by_group(f, "pre", "post", "pp"),
    lambda f: charts.distribution(f, "pre", "pp"),
])
def test_charts_leave_out_small_groups_and_pupil_ids(make):
    text = json.dumps(make(frame()).to_dict())
    assert "P00" not in text and '"pupil"' not in text  # no identifiers reach the chart
    assert "Looked after (n=" not in text and "Young carer (n=" not in text  # not plotted...
    assert "Not shown: Looked after (fewer than 5 pupils); Young carer (withheld" in text  # ...but named
    assert "Yes (n=25)" in text and "No (n=32)" in text


def test_prepost_chart_shows_change_not_months():
    text = json.dumps(charts.prepost_by_group(frame(), "pre", "post", "pp").to_dict())
    assert "standardised change" in text and "not months of additional progress" in text
    assert "months'" not in text and stats.CAUTION in text and stats.GROWTH_CAUTION in text


def test_reception_vocabulary_before_after_no_longer_claims_twelve_months():
    # the audit: entry vs summer on one group gave g = 1.36 and "+12 months"
    rng = np.random.default_rng(5)
    entry = rng.normal(22, 4, 45)
    f = pd.DataFrame({"entry": entry, "summer": entry + rng.normal(5.5, 2, 45)})
    view = charts.build(f, charts.PREPOST, pre="entry", post="summer")
    text = json.dumps(view.chart.to_dict()) + " ".join(view.notes) + view.table.to_csv()
    assert "+12" not in text and "months'" not in text and "not months of additional progress" in text


def bars(chart) -> pd.DataFrame:
    return charts.chart_data(chart)


def test_distribution_bars_add_up_to_every_pupil_including_the_lowest():
    f = frame()
    for group in (None, "pp"):
        data = bars(charts.distribution(f, "pre", group))
        for label, part in data.groupby("group"):
            assert part["count"].sum() == int(label.split("n=")[1].rstrip(")"))
    assert bars(charts.distribution(f, "pre"))["count"].sum() == len(f)


def test_twelve_zeros_out_of_twenty_two_are_all_counted():
    f = pd.DataFrame({"absences": [0] * 12 + list(range(1, 11))})
    data = bars(charts.distribution(f, "absences"))
    assert data["count"].sum() == 22
    assert data.iloc[0]["bin_start"] == 0 and data.iloc[0]["count"] == 12


def test_all_equal_values_draw_one_bar_and_the_summary_says_so():
    f = pd.DataFrame({"score": [7.0] * 8})
    data = bars(charts.distribution(f, "score"))
    assert len(data[data["count"] > 0]) == 1 and data["count"].sum() == 8
    assert "All pupils (n=8)" in set(data["group"])


def test_distribution_bins_hold_at_least_five_and_edges_are_round():
    rng = np.random.default_rng(1)
    f = pd.DataFrame({"score": np.round(rng.normal(100, 12, 23), 1)})
    f.loc[0, "score"] = 71.3  # a lone low score
    data = bars(charts.distribution(f, "score"))
    assert ((data["count"] == 0) | (data["count"] >= 5)).all()
    assert data["bin_start"].min() != 71.3 and float(data["bin_start"].min()) % 5 == 0


def test_comparison_chart_and_build_offer_the_design():
    view = charts.build(design_frame(), charts.COMPARISON, measure="reading_post", pre="reading_pre",
                        post="reading_post", group="arm", intervention="Intervention", compared="Comparison",
                        attainment=True)
    text = json.dumps(view.chart.to_dict())
    assert "Hedges' g = " in text and "months' additional progress" in text and stats.CAUTION in text
    assert stats.TWO_GROUP_METHOD in view.notes  # the method in the footnote
    with pytest.raises(ValidationError, match="intervention"):
        charts.build(design_frame(), charts.COMPARISON, measure="reading_post", group=None)


@pytest.mark.parametrize("column", ["attendance", "belonging", "confidence"])
def test_no_months_for_attendance_attitudes_or_confidence(column):
    f = design_frame(column)
    view = charts.build(f, charts.COMPARISON, measure=f"{column}_post", pre=f"{column}_pre", post=f"{column}_post",
                        group="arm", intervention="Intervention", compared="Comparison", adjust=True)
    text = json.dumps(view.chart.to_dict())
    assert "Hedges' g = " in text and "months' additional progress (EEF" not in text
