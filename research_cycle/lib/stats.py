"""The numbers shown on data sets (DESIGN.md §6): group summaries, and effect sizes for the two
designs of the EEF DIY evaluation guide.

- **Intervention vs comparison** on the post-test (optionally allowing for the pre-test by gain
  scores): Hedges' g, the design whose effect size may be read as impact. Only here, and only
  for an attainment measure, is g converted to the EEF Toolkit's months of additional progress.
- **One group before/after**: the change and a standardised change, which is *not* months of
  additional progress, because pupils progress over time anyway.

Intervals are 95% intervals from the t distribution (not the normal one, which is too narrow
for a school's small groups); the method is named beside every figure. Every per-group figure
goes through :mod:`disclosure`, so no group under the alliance's threshold is shown or can be
worked out.

Guards: text, blanks and NaN are not numbers and are left out; an infinite score is refused
with a message naming the column; an effect size needs spread (an SD clearly above zero).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from ..store.errors import ValidationError
from . import disclosure

MIN_GROUP = disclosure.MINIMUM
NOT_RECORDED = "Not recorded"
ALL_PUPILS = "All pupils"
COMPARISON, ONE_GROUP = "intervention vs comparison", "one group before/after"
# Upper end of each band of |g| (after rounding to 2 dp) and its months, as printed in the EEF
# Teaching and Learning Toolkit; anything above the last band is 12 months.
_EEF_BANDS = ((0.01, 0), (0.09, 1), (0.18, 2), (0.26, 3), (0.35, 4), (0.44, 5), (0.52, 6), (0.61, 7),
              (0.69, 8), (0.78, 9), (0.87, 10), (0.95, 11))
CAUTION = ("Indicative only: a single school's small sample cannot show that an approach caused the "
           "change, and effect sizes from small groups vary a lot.")
GROWTH_CAUTION = ("Pupils make progress over time anyway, so a before/after change is not the effect of what was "
                  "tried, and it is not months of additional progress. To judge impact, compare with pupils who did "
                  "not have it (EEF DIY evaluation guide).")
MONTHS_ONLY = ("EEF months of additional progress are given only for an attainment measure in an intervention vs "
               "comparison design.")
CI_METHOD = "95% CI from the t distribution"


def round2(x: float) -> float:
    """``x`` rounded half-up to 2 dp, through its decimal text (so 0.185 gives 0.19, as a reader
    expects; binary rounding would give 0.18). The one rounding of an effect size: the value
    printed and the value looked up in the EEF table are the same."""
    return float(Decimal(repr(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def eef_months(g: float) -> int:
    """Months' additional progress for an effect size, by the EEF Toolkit's table (DESIGN.md §6):
    |g| rounded half-up to 2 dp (:func:`round2`), then looked up; negative effects take the
    negative figure. Raises ValidationError for NaN or infinity, which have no band."""
    g = float(g)
    if math.isnan(g):
        raise ValidationError("Effect size", "is not a number, so it has no EEF months; check the scores.")
    if math.isinf(g):
        raise ValidationError("Effect size", "is infinite, so it has no EEF months; check the scores.")
    size = abs(round2(g))
    months = next((m for upper, m in _EEF_BANDS if size <= upper), 12)
    return -months if g < 0 else months


@dataclass(frozen=True)
class EffectSize:
    """A standardised effect with its 95% CI. ``g`` is exact; :attr:`shown` is the one rounding
    used for printing and for the EEF months. For ONE_GROUP, n1 == n2 == pupils with both scores.
    ``months`` is None unless the design and the measure allow months (see module docstring)."""

    g: float
    ci_low: float
    ci_high: float
    n1: int
    n2: int
    design: str
    method: str
    caution: str
    months: int | None = None

    @property
    def shown(self) -> float:
        return round2(self.g)

    def describe(self) -> str:
        """One line for subtitles, captions and documents, method named beside the figure."""
        interval = f"95% CI {round2(self.ci_low):.2f} to {round2(self.ci_high):.2f}, t distribution"
        if self.design == ONE_GROUP:
            return (f"standardised change {self.shown:.2f} ({interval}; not months of additional progress), "
                    f"n = {self.n1}")
        months = "" if self.months is None else f", about {self.months:+d} months' additional progress (EEF Toolkit)"
        return f"Hedges' g = {self.shown:.2f} ({interval}){months}, n = {self.n1} and {self.n2}"


def _t95(df: int) -> float:
    from scipy.special import stdtrit  # loaded only when an effect size is computed

    return float(stdtrit(df, 0.975))


def _floats(values) -> pd.Series:
    """Any sequence as floats, text and blanks becoming NaN (numeric input takes the quick path)."""
    if isinstance(values, (pd.Series, np.ndarray)) and pd.api.types.is_numeric_dtype(values.dtype):
        return pd.Series(np.asarray(values, dtype=float))
    return pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce").astype(float)


def _finite(values, what: str = "A score") -> np.ndarray:
    """Numbers only: text and missing values are left out; an infinite value is refused."""
    arr = _floats(values).to_numpy()
    if np.isinf(arr).any():
        raise ValidationError(what, "holds an infinite value ('inf'), which is not a score; correct it in the file "
                              "and import it again.")
    return arr[~np.isnan(arr)]


def _has_spread(sd: float, centre: float) -> bool:
    """True when an SD is clearly above zero: identical decimals (0.1, 0.1, ...) can leave an SD
    of 1e-17 from floating-point noise, which would give an absurd g."""
    return bool(np.isfinite(sd) and sd > 1e-9 * (1 + abs(centre)))


def _too_small(who: str, threshold: int) -> ValidationError:
    # Never says how many pupils the group has: that would disclose a small group's size.
    return ValidationError("Effect size", f"needs at least {threshold} pupils in each group; {who} has fewer. Small "
                           "groups are not shown, to protect pupils: compare larger groups, or combine small ones.")


def _two_group(diff: float, pooled: float, n1: int, n2: int, method: str) -> EffectSize:
    g = diff / pooled * (1 - 3 / (4 * (n1 + n2) - 9))
    se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2 * (n1 + n2)))
    half = _t95(n1 + n2 - 2) * se
    return EffectSize(float(g), float(g - half), float(g + half), n1, n2, COMPARISON, method, CAUTION)


def _pooled_sd(x: np.ndarray, y: np.ndarray) -> float:
    n1, n2 = len(x), len(y)
    return math.sqrt(((n1 - 1) * x.var(ddof=1) + (n2 - 1) * y.var(ddof=1)) / (n1 + n2 - 2))


TWO_GROUP_METHOD = ("Hedges' g: difference in means divided by the pooled SD, with Hedges' small-sample correction "
                    "J = 1 − 3/(4(n1 + n2) − 9); " + CI_METHOD + " with n1 + n2 − 2 degrees of freedom, "
                    "SE = √((n1 + n2)/(n1·n2) + g²/(2(n1 + n2))).")
GAIN_METHOD = ("Hedges' g allowing for the pre-test by gain scores: difference in mean gain (post − pre) divided by "
               "the pooled SD of the post-test, with Hedges' small-sample correction; " + CI_METHOD +
               " with n1 + n2 − 2 degrees of freedom.")
ONE_GROUP_METHOD = ("Standardised change: mean change divided by the SD of the pre scores, with Hedges' small-sample "
                    "correction J = 1 − 3/(4(n − 1) − 1); " + CI_METHOD + " with n − 1 degrees of freedom, "
                    "SE = √(2(1 − r)/n + g²/(2n)), r the pre/post correlation.")


def hedges_g(a: Sequence[float], b: Sequence[float], *, threshold: int = MIN_GROUP) -> EffectSize:
    """Effect of being in group b (intervention) rather than group a (comparison): positive when
    b scores higher. See TWO_GROUP_METHOD. No months: :func:`comparison` adds them when allowed.

    Raises ValidationError when a group has fewer than ``threshold`` pupils (without saying how
    many), when no pupil's score differs from the others in their group, or for an infinite score."""
    x, y = _finite(a), _finite(b)
    n1, n2 = len(x), len(y)
    if n1 < threshold:
        raise _too_small("the comparison group", threshold)
    if n2 < threshold:
        raise _too_small("the intervention group", threshold)
    pooled = _pooled_sd(x, y)
    if not _has_spread(pooled, max(abs(x.mean()), abs(y.mean()))):
        same = np.ptp(np.concatenate([x, y])) == 0
        raise ValidationError("Effect size", "cannot be computed: " + (
            "every pupil has the same score" if same else
            "the groups differ, but inside each group the scores are all alike") +
            ", so there is no spread to measure the difference against. Report the two means instead.")
    return _two_group(y.mean() - x.mean(), pooled, n1, n2, TWO_GROUP_METHOD)


def hedges_g_gain(pre_a, post_a, pre_b, post_b, *, threshold: int = MIN_GROUP) -> EffectSize:
    """Intervention (b) vs comparison (a) allowing for the pre-test: difference in mean gain over
    the pooled post-test SD (GAIN_METHOD). Pairs with a missing score are left out."""
    def pairs(pre, post):
        both = pd.DataFrame({"pre": _floats(pre), "post": _floats(post)}).dropna()
        _finite(both["pre"]), _finite(both["post"])
        return both
    a, b = pairs(pre_a, post_a), pairs(pre_b, post_b)
    if len(a) < threshold:
        raise _too_small("the comparison group", threshold)
    if len(b) < threshold:
        raise _too_small("the intervention group", threshold)
    pooled = _pooled_sd(a["post"].to_numpy(), b["post"].to_numpy())
    if not _has_spread(pooled, max(abs(a["post"].mean()), abs(b["post"].mean()))):
        raise ValidationError("Effect size", "cannot be computed: inside each group the post-test scores are all "
                              "alike, so there is no spread to measure the difference against.")
    diff = (b["post"] - b["pre"]).mean() - (a["post"] - a["pre"]).mean()
    return _two_group(diff, pooled, len(a), len(b), GAIN_METHOD)


def hedges_g_paired(pre: Sequence[float], post: Sequence[float], *, threshold: int = MIN_GROUP) -> EffectSize:
    """Standardised change from pre to post on the same pupils (ONE_GROUP_METHOD); pairs with a
    missing score are dropped. Never months of additional progress (GROWTH_CAUTION).

    Raises ValidationError when fewer than ``threshold`` pupils have both scores, when every pupil
    had the same pre score, or for an infinite score."""
    pre_s, post_s = _floats(pre), _floats(post)
    if len(pre_s) != len(post_s):
        raise ValidationError("Effect size", "needs one pre and one post score per pupil; choose columns from the "
                              "same data set.")
    pair = pd.DataFrame({"pre": pre_s, "post": post_s}).dropna()
    _finite(pair["pre"]), _finite(pair["post"])
    n = len(pair)
    if n < threshold:
        raise _too_small("the group of pupils with both scores", threshold)
    sd = pair["pre"].std(ddof=1)
    if not _has_spread(sd, pair["pre"].mean()):
        raise ValidationError("Effect size", "cannot be computed: every pupil had the same pre score, so there is no "
                              "spread to measure the change against. Report the mean change instead.")
    g = (pair["post"] - pair["pre"]).mean() / sd * (1 - 3 / (4 * (n - 1) - 1))
    r = pair["pre"].corr(pair["post"])
    r = 0.0 if pd.isna(r) else float(np.clip(r, -1.0, 1.0))  # every post score the same: the wider interval
    se = math.sqrt(max(2 * (1 - r) / n, 0.0) + g * g / (2 * n))
    half = _t95(n - 1) * se
    return EffectSize(float(g), float(g - half), float(g + half), n, n, ONE_GROUP, ONE_GROUP_METHOD,
                      f"{GROWTH_CAUTION} {CAUTION}")


# ---- per-group tables (every one goes through disclosure) -------------------------------------

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


def numbers(frame: pd.DataFrame, column: str) -> pd.Series:
    """A column as floats (text and blanks become NaN); an infinite value is refused."""
    values = pd.to_numeric(frame[column], errors="coerce").astype(float)
    if np.isinf(values).any():
        raise ValidationError(f"Column '{column}'", "holds an infinite value ('inf'), which is not a score; correct "
                              "it in the file and import the data set again.")
    return values


@dataclass(frozen=True)
class Summary:
    """A table safe to show (``disclosure.protect``), the notes that go with it (what was
    withheld, methods, cautions), and the effect sizes of shown groups."""

    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    effects: dict = field(default_factory=dict)
    partition: disclosure.Partition | None = None


def _round(table: pd.DataFrame) -> pd.DataFrame:
    figures = table.select_dtypes("number").columns
    table[figures] = table[figures].round(2)
    return table


def group_summary(frame: pd.DataFrame, measure: str, group: str | None, threshold: int = MIN_GROUP) -> Summary:
    """Per group: pupils, mean, median and SD of ``measure`` (never min or max), protected."""
    key = group or "Group"
    values = numbers(frame, measure)
    has = values.notna()
    labels = groups_of(frame, group)[has]
    parts = disclosure.partition(labels, threshold)
    figures = values[has].groupby(labels, observed=True).agg(["mean", "median", "std"]).rename(columns={"std": "SD"})
    return Summary(_round(disclosure.protect(figures, parts, key)), parts.note(), partition=parts)


def _both(frame: pd.DataFrame, pre: str, post: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    pre_v, post_v = numbers(frame, pre), numbers(frame, post)
    both = pre_v.notna() & post_v.notna()
    return both, pre_v[both], post_v[both]


def prepost_summary(frame: pd.DataFrame, pre: str, post: str, group: str | None,
                    threshold: int = MIN_GROUP) -> Summary:
    """One group before/after, per group: pupils with both scores, mean pre, mean post, mean
    change and the standardised change with its 95% CI (never months), protected."""
    key = group or "Group"
    both, pre_v, post_v = _both(frame, pre, post)
    labels = groups_of(frame, group)[both]
    parts = disclosure.partition(labels, threshold)
    by = pd.DataFrame({"pre": pre_v, "post": post_v}).groupby(labels, observed=True)
    means = by.mean()
    figures = pd.DataFrame({"mean pre": means["pre"], "mean post": means["post"],
                            "mean change": means["post"] - means["pre"]})
    effects, notes = {}, list(parts.note())
    for name in parts.shown:
        part = by.get_group(name)
        try:
            effects[name] = hedges_g_paired(part["pre"], part["post"], threshold=parts.threshold)
        except ValidationError as exc:
            notes.append(f"{name}: the standardised change {exc.message}")
    figures["standardised change"] = pd.Series({k: e.shown for k, e in effects.items()}, dtype=float)
    figures["95% CI low"] = pd.Series({k: round2(e.ci_low) for k, e in effects.items()}, dtype=float)
    figures["95% CI high"] = pd.Series({k: round2(e.ci_high) for k, e in effects.items()}, dtype=float)
    notes += [ONE_GROUP_METHOD, GROWTH_CAUTION, CAUTION]
    return Summary(_round(disclosure.protect(figures, parts, key)), notes, effects, parts)


def comparison(frame: pd.DataFrame, outcome: str, group: str, intervention: str, compared: str, *,
               pre: str | None = None, attainment: bool = False, threshold: int = MIN_GROUP) -> Summary:
    """Intervention vs comparison on ``outcome`` (the post-test), the groups being two values of
    the ``group`` column. With ``pre``, allows for the pre-test by gain scores and uses only
    pupils with both scores. Months only when ``attainment``. The groups are protected as in the
    column's by-group views (a small third group such as "Not recorded" may mean one of the two
    must be withheld), and the effect size is computed only when both are shown."""
    if intervention == compared:
        raise ValidationError("Comparison group", "choose a different group from the intervention group.")
    outcome_v = numbers(frame, outcome)
    if pre is not None:
        both, pre_v, outcome_v = _both(frame, pre, outcome)
    else:
        both = outcome_v.notna()
        outcome_v = outcome_v[both]
    labels = groups_of(frame, group)[both]
    parts = disclosure.partition(labels, threshold)
    data = pd.DataFrame({"post": outcome_v})
    if pre is not None:
        data["pre"], data["gain"] = pre_v, outcome_v - pre_v
    by = data.groupby(labels, observed=True)
    figures = pd.DataFrame({f"mean {outcome}": by["post"].mean(), f"SD {outcome}": by["post"].std()})
    if pre is not None:
        figures[f"mean {pre}"] = by["pre"].mean()
        figures["mean gain"] = by["gain"].mean()
    chosen = [g for g in (intervention, compared) if g in parts.sizes.index]
    view = _only(parts, chosen)
    table = disclosure.protect(figures.loc[chosen], view, group)
    notes, effects = view.note(), {}
    if intervention in parts.shown and compared in parts.shown:
        a, b = by.get_group(compared), by.get_group(intervention)
        try:
            es = (hedges_g_gain(a["pre"], a["post"], b["pre"], b["post"], threshold=parts.threshold) if pre is not None
                  else hedges_g(a["post"], b["post"], threshold=parts.threshold))
            effects["g"] = replace(es, months=eef_months(es.shown)) if attainment else es
        except ValidationError as exc:
            notes.append(str(exc))
    else:
        why = f"No effect size: the intervention and the comparison group must each have {parts.threshold} pupils or more"
        others = [str(g) for g, w in parts.withheld.items() if w == disclosure.SMALL and g not in chosen]
        if any(view.withheld.get(g) == disclosure.SECONDARY for g in chosen) and others:
            why += (f"; one is withheld so that {', '.join(others)} ({disclosure.fewer_than(parts.threshold)} pupils) "
                    "cannot be worked out from the total: record those pupils' group, or leave them out of the file")
        notes.append(why + ".")
    if effects and not attainment:
        notes.append(f"{MONTHS_ONLY} '{outcome}' is not marked as an attainment measure.")
    notes += [GAIN_METHOD if pre is not None else TWO_GROUP_METHOD, CAUTION]
    return Summary(_round(table), notes, effects, parts)


def _only(parts: disclosure.Partition, chosen: list) -> disclosure.Partition:
    """The partition restricted to the groups a view shows (withholding decided on all groups)."""
    return disclosure.Partition(parts.sizes[chosen], {g: w for g, w in parts.withheld.items() if g in chosen},
                                parts.threshold)
