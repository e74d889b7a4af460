"""The numbers shown on data sets (DESIGN.md §6): group summaries, pre/post change, and
Hedges' g with a 95% confidence interval converted to the EEF Toolkit's months of progress.

Any group of fewer than ``MIN_GROUP`` pupils is suppressed: its row says it exists but shows no
figures, so no small group can be picked out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from ..store.errors import ValidationError

MIN_GROUP = 5
NOT_RECORDED = "Not recorded"
# Upper bound of |g| (rounded to 2 dp) for each month, from the EEF Teaching and Learning Toolkit.
_EEF_BANDS = ((0.01, 0), (0.09, 1), (0.18, 2), (0.26, 3), (0.35, 4), (0.44, 5), (0.52, 6), (0.61, 7),
              (0.69, 8), (0.78, 9), (0.87, 10), (0.95, 11))
CAUTION = ("Indicative only: a single school's small sample cannot show that an approach caused the "
           "change, and effect sizes from small groups vary a lot.")


@dataclass(frozen=True)
class EffectSize:
    g: float
    ci_low: float
    ci_high: float
    n1: int
    n2: int
    months: int
    design: str
    caution: str

    def describe(self) -> str:
        sign = "+" if self.months > 0 else ""
        n = f"n = {self.n1}" if self.design == "pre/post" else f"n = {self.n1} and {self.n2}"
        return (f"g = {self.g:.2f} (95% CI {self.ci_low:.2f} to {self.ci_high:.2f}), about {sign}{self.months} "
                f"months' progress, {n}")


def eef_months(g: float) -> int:
    """Months' additional progress for an effect size. |g| is rounded half-up to 2 dp first, so a
    value between the printed bands (0.015, 0.095) falls into the band it rounds into."""
    size = float(Decimal(str(abs(g))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    months = next((m for upper, m in _EEF_BANDS if size <= upper), 12)
    return -months if g < 0 else months


def _values(values) -> np.ndarray:
    arr = pd.to_numeric(pd.Series(values), errors="coerce").dropna().to_numpy(dtype=float)
    return arr


def _check(n: int, label: str) -> None:
    if n < MIN_GROUP:
        raise ValidationError("Effect size", f"needs at least {MIN_GROUP} pupils in each group; {label} has {n}. "
                              "Small groups are suppressed to protect pupils.")


def hedges_g(a: Sequence[float], b: Sequence[float]) -> EffectSize:
    """Effect of being in group b rather than a: (mean b − mean a) / pooled SD, with the
    small-sample correction J = 1 − 3 / (4(n1 + n2) − 9). 95% CI: g ± 1.96·SE with
    SE = √((n1 + n2)/(n1·n2) + g² / (2(n1 + n2)))."""
    x, y = _values(a), _values(b)
    n1, n2 = len(x), len(y)
    _check(n1, "the first group")
    _check(n2, "the second group")
    pooled = math.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / (n1 + n2 - 2))
    if pooled == 0:
        raise ValidationError("Effect size", "cannot be computed: every pupil has the same score.")
    g = (y.mean() - x.mean()) / pooled * (1 - 3 / (4 * (n1 + n2) - 9))
    se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2 * (n1 + n2)))
    return EffectSize(g, g - 1.96 * se, g + 1.96 * se, n1, n2, eef_months(g), "two groups", CAUTION)


def hedges_g_paired(pre: Sequence[float], post: Sequence[float]) -> EffectSize:
    """Pre/post change on the same pupils (pairs with a missing score are dropped): mean change
    divided by the SD of the pre scores, corrected by J = 1 − 3 / (4(n − 1) − 1).
    SE = √(2(1 − r)/n + g² / (2n)), r being the pre/post correlation."""
    pair = pd.DataFrame({"pre": pd.to_numeric(pd.Series(pre), errors="coerce"),
                         "post": pd.to_numeric(pd.Series(post), errors="coerce")}).dropna()
    n = len(pair)
    _check(n, "the group")
    sd = pair["pre"].std(ddof=1)
    if not sd:
        raise ValidationError("Effect size", "cannot be computed: every pupil had the same pre score.")
    g = (pair["post"] - pair["pre"]).mean() / sd * (1 - 3 / (4 * (n - 1) - 1))
    r = pair["pre"].corr(pair["post"])
    r = 0.0 if pd.isna(r) else float(r)
    se = math.sqrt(max(2 * (1 - r) / n, 0.0) + g * g / (2 * n))
    return EffectSize(float(g), float(g - 1.96 * se), float(g + 1.96 * se), n, n, eef_months(g), "pre/post", CAUTION)


def groups_of(frame: pd.DataFrame, group: str | None) -> pd.Series:
    if group is None:
        return pd.Series("All pupils", index=frame.index)
    column = frame[group]
    if pd.api.types.is_bool_dtype(column):  # yes/no columns read as booleans: show them as written
        column = column.map({True: "Yes", False: "No"}, na_action="ignore")
    return column.astype("string").fillna(NOT_RECORDED).replace("", NOT_RECORDED)


def group_summary(frame: pd.DataFrame, measure: str, group: str | None) -> pd.DataFrame:
    """Per group: n, mean, median, SD, min and max of a measure; groups under 5 suppressed."""
    values = pd.to_numeric(frame[measure], errors="coerce")
    data = pd.DataFrame({"group": groups_of(frame, group), "v": values}).dropna(subset=["v"])
    out = data.groupby("group", sort=True)["v"].agg(n="count", mean="mean", median="median", sd="std",
                                                    min="min", max="max").reset_index()
    out["suppressed"] = out["n"] < MIN_GROUP
    out.loc[out["suppressed"], ["mean", "median", "sd", "min", "max"]] = np.nan
    return out.rename(columns={"group": group or "Group"})


def prepost_summary(frame: pd.DataFrame, pre: str, post: str, group: str | None) -> pd.DataFrame:
    """Per group: pupils with both scores, mean pre, mean post, mean change, and Hedges' g with
    its CI and EEF months where there are at least 5; smaller groups suppressed."""
    data = pd.DataFrame({"group": groups_of(frame, group), "pre": pd.to_numeric(frame[pre], errors="coerce"),
                         "post": pd.to_numeric(frame[post], errors="coerce")}).dropna(subset=["pre", "post"])
    rows = []
    for name, part in data.groupby("group", sort=True):
        row = {group or "Group": name, "n": len(part), "suppressed": len(part) < MIN_GROUP}
        if not row["suppressed"]:
            row.update({"mean pre": part["pre"].mean(), "mean post": part["post"].mean(),
                        "mean change": (part["post"] - part["pre"]).mean()})
            try:
                es = hedges_g_paired(part["pre"], part["post"])
                row.update({"g": es.g, "95% CI low": es.ci_low, "95% CI high": es.ci_high, "EEF months": es.months})
            except ValidationError:
                pass
        rows.append(row)
    columns = [group or "Group", "n", "mean pre", "mean post", "mean change", "g", "95% CI low", "95% CI high",
               "EEF months", "suppressed"]
    return pd.DataFrame(rows).reindex(columns=columns)
