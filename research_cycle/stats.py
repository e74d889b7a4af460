"""The numbers shown on data sets (DESIGN.md §6): group summaries, pre/post change, and Hedges' g
with a 95% confidence interval converted to the EEF Toolkit's months of additional progress.

Any group of fewer than ``MIN_GROUP`` pupils is suppressed: its row is kept, so the reader knows
the group exists, but every figure in it (its size included) is missing, so no small group can be
picked out. Effect sizes are refused, with a message saying why and what to do, when a group is
too small or has no spread.

Pure computation: no Streamlit, no store. Everything is vectorised with pandas/numpy so a
100,000-row data set is summarised in a few milliseconds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from .errors import ValidationError

MIN_GROUP = 5  # any group of fewer than 5 pupils is suppressed in charts, tables and documents
NOT_RECORDED = "Not recorded"
ALL_PUPILS = "All pupils"
Z95 = 1.96
TWO_GROUPS, PRE_POST = "two groups", "pre/post"
CAUTION = ("A single school's small sample is indicative only: it cannot show that an approach caused the "
           "change, and effect sizes from small groups vary a lot.")

# Upper end of each band of |g| (after rounding to 2 dp) and its months, as printed in the EEF
# Teaching and Learning Toolkit; anything above the last band is 12 months.
_EEF_BANDS = ((0.01, 0), (0.09, 1), (0.18, 2), (0.26, 3), (0.35, 4), (0.44, 5), (0.52, 6), (0.61, 7),
              (0.69, 8), (0.78, 9), (0.87, 10), (0.95, 11))


@dataclass(frozen=True)
class EffectSize:
    """Hedges' g with its 95% CI. For pre/post, ``n1 == n2`` == pupils with both scores."""

    g: float
    ci_low: float
    ci_high: float
    n1: int
    n2: int
    months: int
    design: str
    caution: str

    def describe(self) -> str:
        """One line for captions and documents, e.g. "g = 0.45 (95% CI 0.05 to 0.85), about +6 months'
        progress, n = 25"."""
        sign = "+" if self.months > 0 else ""
        n = f"n = {self.n1}" if self.design == PRE_POST else f"n = {self.n1} and {self.n2}"
        return (f"g = {self.g:.2f} (95% CI {self.ci_low:.2f} to {self.ci_high:.2f}), about {sign}{self.months} "
                f"months' progress, {n}")


def eef_months(g: float) -> int:
    """Months' additional progress for an effect size, by the EEF Toolkit's table (DESIGN.md §6).

    The printed bands stop at two decimal places (0.01 → 0 months, 0.02 → 1), so |g| is first
    rounded half-up to 2 dp and then looked up: 0.015 → 0.02 → 1 month, 0.0149 → 0.01 → 0,
    0.095 → 0.10 → 2. Rounding goes through the decimal text of the float so that 0.015 rounds up
    as a reader would expect (binary rounding would give 0.01). Negative effects take the negative
    figure. Raises ValueError for NaN, which has no band.
    """
    g = float(g)
    if math.isnan(g):
        raise ValueError("An effect size that is not a number has no EEF months.")
    if math.isinf(g):
        return 12 if g > 0 else -12
    size = float(Decimal(repr(abs(g))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    months = next((m for upper, m in _EEF_BANDS if size <= upper), 12)
    return -months if g < 0 else months


def _finite(values) -> np.ndarray:
    """Numbers only: text that is not a number, missing values and infinities are dropped."""
    arr = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return arr[np.isfinite(arr)]


def _has_spread(sd, centre):
    """True when an SD is clearly above zero. A column of identical decimals (0.1, 0.1, ...) can
    leave an SD of 1e-17 from floating-point noise, which would give an absurd g."""
    return sd > 1e-9 * (1 + abs(centre))


def _too_small(n: int, who: str) -> ValidationError:
    return ValidationError("Effect size", f"needs at least {MIN_GROUP} pupils in each group; {who} has {n}. "
                           "Small groups are suppressed to protect pupils: compare larger groups, or combine "
                           "small ones.")


def _caution(design: str, n1: int, n2: int) -> str:
    size = (f"Based on {n1} pupils with both scores." if design == PRE_POST
            else f"Based on {n1} and {n2} pupils ({n1 + n2} in all).")
    return f"{size} {CAUTION}"


def _effect(g: float, se: float, n1: int, n2: int, design: str) -> EffectSize:
    g, se = float(g), float(se)
    return EffectSize(g, g - Z95 * se, g + Z95 * se, int(n1), int(n2), eef_months(g), design,
                      _caution(design, n1, n2))


def hedges_g(a: Sequence[float], b: Sequence[float]) -> EffectSize:
    """Effect of being in group b rather than group a (positive when b scores higher).

    g = J · (mean b − mean a) / pooled SD, pooled SD = √(((n1−1)·s1² + (n2−1)·s2²) / (n1+n2−2)),
    J = 1 − 3 / (4(n1+n2) − 9). 95% CI: g ± 1.96·SE with SE = √((n1+n2)/(n1·n2) + g²/(2(n1+n2))).
    Values that are not finite numbers are ignored.

    Raises ValidationError when either group has fewer than MIN_GROUP pupils, or when no pupil's
    score differs from another's (the pooled SD is zero, so nothing can be standardised).
    """
    x, y = _finite(a), _finite(b)
    n1, n2 = len(x), len(y)
    if n1 < MIN_GROUP:
        raise _too_small(n1, "the first group")
    if n2 < MIN_GROUP:
        raise _too_small(n2, "the second group")
    pooled = math.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / (n1 + n2 - 2))
    if not _has_spread(pooled, max(abs(x.mean()), abs(y.mean()))):
        raise ValidationError("Effect size", "cannot be computed: every pupil in each group has the same score, so "
                              "there is no spread to measure the difference against. Check that the right measure "
                              "is chosen, or report the two means instead.")
    g = (y.mean() - x.mean()) / pooled * (1 - 3 / (4 * (n1 + n2) - 9))
    se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2 * (n1 + n2)))
    return _effect(g, se, n1, n2, TWO_GROUPS)


def _paired_by_group(group: pd.Series, pre: pd.Series, post: pd.Series) -> pd.DataFrame:
    """Per group (categories kept even when empty): n, mean pre/post/change, sd pre, r, g, se.

    One pass of groupby sums over centred values rather than a loop over groups, so the cost does
    not grow with the number of groups and centring keeps the correlation accurate."""
    both = pre.notna() & post.notna() & np.isfinite(pre) & np.isfinite(post)
    data = pd.DataFrame({"group": group[both], "pre": pre[both], "post": post[both]})
    by = data.groupby("group", observed=False, sort=True)
    out = by.agg(n=("pre", "size"), mean_pre=("pre", "mean"), mean_post=("post", "mean"))
    dx = data["pre"] - by["pre"].transform("mean")
    dy = data["post"] - by["post"].transform("mean")
    sums = pd.DataFrame({"group": data["group"], "xx": dx * dx, "yy": dy * dy, "xy": dx * dy}).groupby(
        "group", observed=False, sort=True).sum()
    n = out["n"].astype(float)
    out["mean_change"] = out["mean_post"] - out["mean_pre"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["sd_pre"] = np.sqrt(sums["xx"] / (n - 1))
        r = sums["xy"] / np.sqrt(sums["xx"] * sums["yy"])
        # When every post score is the same r is undefined; r = 0 gives the wider, safer interval.
        out["r"] = r.where(np.isfinite(r), 0.0).clip(-1.0, 1.0)
        j = 1 - 3 / (4 * (n - 1) - 1)
        out["g"] = (out["mean_change"] / out["sd_pre"] * j).where(_has_spread(out["sd_pre"], out["mean_pre"]))
        out["se"] = np.sqrt((2 * (1 - out["r"]) / n).clip(lower=0) + out["g"] ** 2 / (2 * n))
    return out


def hedges_g_paired(pre: Sequence[float], post: Sequence[float]) -> EffectSize:
    """Change from pre to post on the same pupils (positive when scores rose).

    Pairs with a missing or non-numeric score are dropped; n is the number of pupils with both.
    The mean change is standardised by the SD of the **pre** scores (not the pooled pre/post SD),
    because the pre-test spread is untouched by the approach being tried and matches the spread
    that two-group comparisons use: g = J · mean(post − pre) / SD(pre), J = 1 − 3 / (4(n − 1) − 1).
    95% CI: g ± 1.96·SE with SE = √(2(1 − r)/n + g²/(2n)), r the pre/post Pearson correlation
    (Borenstein et al. 2009 for a change standardised by a single-time-point SD); r is taken as
    0 when it is undefined because every post score is the same.

    Raises ValidationError when fewer than MIN_GROUP pupils have both scores, or when every pupil
    had the same pre score (the pre SD is zero).
    """
    pre_s = pd.to_numeric(pd.Series(list(pre), dtype=object), errors="coerce").astype(float)
    post_s = pd.to_numeric(pd.Series(list(post), dtype=object), errors="coerce").astype(float)
    if len(pre_s) != len(post_s):
        raise ValidationError("Effect size", f"needs one pre and one post score per pupil; got {len(pre_s)} pre "
                              f"and {len(post_s)} post scores. Choose columns from the same data set.")
    group = pd.Series(pd.Categorical([ALL_PUPILS] * len(pre_s)))
    row = _paired_by_group(group, pre_s, post_s).iloc[0] if len(pre_s) else None
    n = 0 if row is None else int(row["n"])
    if n < MIN_GROUP:
        raise _too_small(n, "the pupils with both a pre and a post score")
    if pd.isna(row["g"]):
        raise ValidationError("Effect size", "cannot be computed: every pupil had the same pre score, so there is no "
                              "spread to measure the change against. Check that the pre column is the right one, "
                              "or report the mean change instead.")
    return _effect(row["g"], row["se"], n, n, PRE_POST)


def _label(value) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "Yes" if value else "No"  # yes/no columns read as booleans: show them as written
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))  # year group 7 read as 7.0 because of a gap in the column
    text = str(value).strip()
    return text or NOT_RECORDED


def groups_of(frame: pd.DataFrame, group: str | None) -> pd.Series:
    """The group label of each row as an ordered categorical: "All pupils" when ``group`` is None;
    numbers in numeric order, text alphabetically, booleans as No/Yes; missing or blank values
    become "Not recorded", which comes last."""
    if group is None:
        return pd.Series(pd.Categorical.from_codes(np.zeros(len(frame), dtype=int), [ALL_PUPILS]), index=frame.index)
    column = frame[group]
    try:
        codes, uniques = pd.factorize(column, sort=True)
    except TypeError:  # mixed types cannot be sorted together: order by their text instead
        codes, uniques = pd.factorize(column.astype("string"), sort=True)
    labels = [_label(u) for u in uniques]
    names = list(dict.fromkeys(name for name in labels if name != NOT_RECORDED))
    if (codes < 0).any() or NOT_RECORDED in labels:
        names.append(NOT_RECORDED)
    position = {name: i for i, name in enumerate(names)}
    lookup = np.array([position[name] for name in labels] + [position.get(NOT_RECORDED, -1)], dtype=int)
    return pd.Series(pd.Categorical.from_codes(lookup[codes], categories=names), index=frame.index, name=group)


def group_summary(frame: pd.DataFrame, measure: str, group: str | None) -> pd.DataFrame:
    """Per group: n (pupils with a value), mean, median, sd, min and max of ``measure``.

    One row per group in the order of ``groups_of``, the first column named after ``group`` (or
    "Group" when there is none, with a single "All pupils" row). A group of fewer than MIN_GROUP
    pupils keeps its row, so the reader knows it exists, but n and every statistic are missing and
    ``suppressed`` is True. Values that are not numbers are ignored.
    """
    key = group or "Group"
    values = pd.to_numeric(frame[measure], errors="coerce").astype(float)
    data = pd.DataFrame({"group": groups_of(frame, group), "v": values.where(np.isfinite(values))})
    out = data.groupby("group", observed=False, sort=True)["v"].agg(
        ["count", "mean", "median", "std", "min", "max"]).reset_index()
    out.columns = [key, "n", "mean", "median", "sd", "min", "max"]
    out["suppressed"] = out["n"] < MIN_GROUP
    out["n"] = out["n"].astype("Int64").mask(out["suppressed"])
    out.loc[out["suppressed"], ["mean", "median", "sd", "min", "max"]] = np.nan
    out[key] = out[key].astype(str)
    return out


PREPOST_COLUMNS = ["n", "mean pre", "mean post", "mean change", "g", "95% CI low", "95% CI high", "EEF months"]


def prepost_summary(frame: pd.DataFrame, pre: str, post: str, group: str | None) -> pd.DataFrame:
    """Per group: n (pupils with both scores), mean pre, mean post, mean change, Hedges' g (as in
    ``hedges_g_paired``) with its 95% CI and EEF months, and ``suppressed``.

    A group of fewer than MIN_GROUP pupils with both scores keeps its row with every figure missing
    and ``suppressed`` True. A shown group whose pre scores are all the same has its means but no
    g (nothing to standardise by). Never raises for small groups: tables show them as suppressed.
    """
    key = group or "Group"
    pre_v = pd.to_numeric(frame[pre], errors="coerce").astype(float)
    post_v = pd.to_numeric(frame[post], errors="coerce").astype(float)
    per = _paired_by_group(groups_of(frame, group), pre_v, post_v)
    z = Z95 * per["se"]
    months = [pd.NA if pd.isna(g) else eef_months(g) for g in per["g"]]
    out = pd.DataFrame({key: per.index.astype(str), "n": per["n"].to_numpy(),
                        "mean pre": per["mean_pre"].to_numpy(), "mean post": per["mean_post"].to_numpy(),
                        "mean change": per["mean_change"].to_numpy(), "g": per["g"].to_numpy(),
                        "95% CI low": (per["g"] - z).to_numpy(), "95% CI high": (per["g"] + z).to_numpy(),
                        "EEF months": pd.array(months, dtype="Int64")})
    out["suppressed"] = out["n"] < MIN_GROUP
    out["n"] = out["n"].astype("Int64").mask(out["suppressed"])
    out.loc[out["suppressed"], PREPOST_COLUMNS[1:7]] = np.nan
    out.loc[out["suppressed"], "EEF months"] = pd.NA
    return out
