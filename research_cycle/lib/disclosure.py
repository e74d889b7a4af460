"""Statistical disclosure control (DESIGN.md §6), as official statistics do it (ONS / DfE).

Every figure about pupils that the app shows (chart, table, tooltip, export, document) is made
here, from a :class:`Partition` of the pupils into groups:

- **Primary suppression.** A group of fewer than ``threshold`` pupils (5 unless the alliance
  raised it; never lower) shows "fewer than 5" and nothing else: no count, no mean, median or SD.
  No minimum or maximum is ever shown, for any group: each is a single pupil's value.
- **Secondary suppression.** The same data can be viewed with no grouping and by group, so the
  total minus the groups shown gives the withheld groups taken together. When that remainder is
  one group, or fewer than ``threshold`` pupils, the next-smallest shown group is withheld too,
  until the remainder is at least two groups and at least ``threshold`` pupils. Nothing about a
  small group can then be worked out by subtraction.
- **Histograms.** Bin edges are round numbers (never a pupil's exact score) and neighbouring
  bins are merged until every bar holds no pupil or at least ``threshold``. A histogram by group
  uses a coarsening of the ungrouped histogram's bins in which each shown group's bars, and the
  remainder (ungrouped minus the groups shown), are also empty or at least ``threshold``, so the
  two cannot be subtracted to place a withheld pupil in a bin. Bars always add up to the n shown.

Figures are computed by the caller per group; this module decides what may be shown and blanks
the rest. Pure: pandas and numpy only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..store.errors import ValidationError

MINIMUM = 5  # official statistics' usual threshold; an alliance may raise it, never lower it
MAXIMUM = 50
SMALL, SECONDARY = "small", "secondary"
WITHHELD = "withheld"
PUPILS = "pupils"  # the column of a protected table that says how many pupils, or why not


def check_threshold(value) -> int:
    """A disclosure threshold an alliance may choose: a whole number from 5 to 50."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or number != int(number):
        raise ValidationError("Smallest group shown", f"enter a whole number of pupils, {MINIMUM} or more.")
    if number < MINIMUM:
        raise ValidationError("Smallest group shown", f"cannot be lower than {MINIMUM} pupils: official statistics "
                              "never show smaller groups, because their pupils could be recognised.")
    if number > MAXIMUM:
        raise ValidationError("Smallest group shown", f"at most {MAXIMUM} pupils; a higher threshold would hide almost "
                              "every school's groups.")
    return int(number)


def fewer_than(threshold: int) -> str:
    return f"fewer than {threshold}"


@dataclass(frozen=True)
class Partition:
    """Pupils split into groups, and which groups may be shown.

    ``sizes``: pupils per group (groups with no pupil left out), in display order. ``withheld``:
    group → SMALL (fewer than the threshold) or SECONDARY (withheld so that a smaller group
    cannot be worked out). ``total_shown``: whether the number of pupils in all groups together
    may be shown (False when it is itself under the threshold)."""

    sizes: pd.Series
    withheld: dict = field(default_factory=dict)
    threshold: int = MINIMUM

    @property
    def shown(self) -> list:
        return [g for g in self.sizes.index if g not in self.withheld]

    @property
    def total(self) -> int:
        return int(self.sizes.sum())

    @property
    def total_shown(self) -> bool:
        return self.total >= self.threshold

    def pupils(self, group) -> str:
        """What the table says in place of the count: the count, "fewer than 5" or "withheld"."""
        reason = self.withheld.get(group)
        if reason == SMALL:
            return fewer_than(self.threshold)
        if reason == SECONDARY:
            return WITHHELD
        return str(int(self.sizes[group]))

    def note(self, what: str = "Not shown") -> list[str]:
        """One sentence naming the withheld groups and why (never their size), or none."""
        small = [str(g) for g, why in self.withheld.items() if why == SMALL]
        other = [str(g) for g, why in self.withheld.items() if why == SECONDARY]
        parts = []
        if small:
            parts.append(f"{', '.join(small)} ({fewer_than(self.threshold)} pupils)")
        if other:
            parts.append(f"{', '.join(other)} (withheld so that a smaller group cannot be worked out from the total)")
        return [f"{what}: {'; '.join(parts)}."] if parts else []


def partition(labels: pd.Series, threshold: int = MINIMUM) -> Partition:
    """Which groups of ``labels`` (one label per pupil; a categorical keeps its order) may be
    shown, by primary and secondary suppression as described in the module docstring."""
    threshold = max(int(threshold), MINIMUM)
    counts = labels.value_counts(sort=False)
    if isinstance(labels.dtype, pd.CategoricalDtype):
        counts = counts.reindex(labels.cat.categories)
    sizes = counts[counts > 0].astype(int)
    withheld = {g: SMALL for g in sizes.index if sizes[g] < threshold}
    # Smallest first; ties in display order, so the same data always gives the same answer.
    candidates = sorted((g for g in sizes.index if g not in withheld), key=lambda g: (sizes[g], list(sizes.index).index(g)))
    while withheld and (len(withheld) < 2 or sum(sizes[g] for g in withheld) < threshold) and candidates:
        withheld[candidates.pop(0)] = SECONDARY
    return Partition(sizes, withheld, threshold)


def protect(table: pd.DataFrame, parts: Partition, key: str) -> pd.DataFrame:
    """A per-group table made safe to show: ``table`` is indexed by group (any figures as
    columns); the result has the group column ``key``, then ``pupils`` (the count, "fewer than
    5" or "withheld"), then the figures, blank for every withheld group. Groups without pupils
    are left out; min and max columns are refused outright."""
    forbidden = {c for c in table.columns if str(c).lower() in ("min", "max", "minimum", "maximum")}
    if forbidden:
        raise ValueError(f"minimum and maximum are single pupils' values and are never shown: {sorted(forbidden)}")
    out = table.reindex(parts.sizes.index).astype(float)
    hidden = [g for g in out.index if g in parts.withheld]
    out.loc[hidden, :] = np.nan
    out.insert(0, PUPILS, pd.Series([parts.pupils(g) for g in out.index], index=out.index, dtype=object))
    out.insert(0, key, pd.Series([str(g) for g in out.index], index=out.index, dtype=object))
    return out.reset_index(drop=True)


# ---- histograms -------------------------------------------------------------------------------

def nice_edges(values: np.ndarray, target: int = 10) -> np.ndarray:
    """Round-number bin edges (steps of 1, 2, 2.5 or 5 times a power of ten) covering every value,
    about ``target`` bins; the first edge is at or below the lowest value and the last is above
    the highest, so every value falls in a bin [edge, next edge)."""
    lo, hi = float(values.min()), float(values.max())
    span = hi - lo
    if span <= 0:
        raw = 10 ** math.floor(math.log10(abs(lo))) if lo else 1.0
        step = raw if lo else 1.0
    else:
        raw = span / target
        magnitude = 10 ** math.floor(math.log10(raw))
        step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    decimals = max(0, -math.floor(math.log10(step)) + 2)
    first, last = math.floor(lo / step), math.floor(hi / step) + 1
    edges = np.round(np.arange(first, last + 1) * step, decimals)
    while edges[0] > lo:
        edges = np.insert(edges, 0, np.round(edges[0] - step, decimals))
    while edges[-1] <= hi:
        edges = np.append(edges, np.round(edges[-1] + step, decimals))
    return edges


def bin_counts(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Pupils in each bin [edges[i], edges[i+1]); every value inside the edges is counted once."""
    index = np.searchsorted(edges, values, side="right") - 1
    if len(index) and (index.min() < 0 or index.max() >= len(edges) - 1):
        raise ValueError("a value lies outside the histogram's edges")
    return np.bincount(index, minlength=len(edges) - 1)


def _safe(sums: np.ndarray, threshold: int) -> bool:
    return bool(np.all((sums == 0) | (sums >= threshold)))


def merge_bins(counts: np.ndarray, threshold: int) -> list[int]:
    """Indices of the edges to keep so that, in every row of ``counts`` (one row per set of
    pupils that can be seen or worked out; columns are neighbouring bins), each merged bin holds
    no pupil or at least ``threshold``. Every row's total must itself be 0 or >= threshold."""
    counts = np.atleast_2d(counts)
    bins = counts.shape[1]
    keep, start = [0], 0
    for end in range(1, bins + 1):
        if _safe(counts[:, start:end].sum(axis=1), threshold):
            keep.append(end)
            start = end
    if keep[-1] != bins:  # the tail is unsafe: merge it backwards until it is safe
        keep.append(bins)
        while len(keep) > 2 and not _safe(counts[:, keep[-2]:].sum(axis=1), threshold):
            keep.pop(-2)
    return keep


def _trim(edges: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop empty bins at either end (the first edge shown is then the first round edge with pupils)."""
    counts = np.atleast_2d(counts)
    used = np.flatnonzero(counts.sum(axis=0))
    if not len(used):
        return edges[:1], counts[:, :0]
    return edges[used[0]:used[-1] + 2], counts[:, used[0]:used[-1] + 1]


@dataclass(frozen=True)
class Histogram:
    """Bars safe to show: ``bars`` has one row per (group, bin) with group, bin_start, bin_end,
    count; ``edges`` the bin edges; ``notes`` what was withheld."""

    bars: pd.DataFrame
    edges: np.ndarray
    notes: list[str]


def _coarsen(values: np.ndarray, threshold: int) -> np.ndarray:
    """The ungrouped histogram's edges: round edges, merged until every bar is safe."""
    edges = nice_edges(values)
    total = bin_counts(values, edges)
    keep = merge_bins(total, threshold)
    edges = edges[keep]
    edges, _ = _trim(edges, bin_counts(values, edges))
    return edges


def histogram(values: pd.Series, labels: pd.Series | None, threshold: int = MINIMUM) -> Histogram:
    """Histogram of ``values`` (finite numbers; one per pupil), by the groups in ``labels`` when
    given (same index), otherwise of all pupils under the label "All pupils". See the module
    docstring for how bins are chosen."""
    threshold = max(int(threshold), MINIMUM)
    values = values.astype(float)
    columns = ["group", "bin_start", "bin_end", "count"]
    empty = pd.DataFrame(columns=columns)
    everyone = pd.Series(pd.Categorical(["All pupils"] * len(values)), index=values.index)
    whole = partition(everyone, threshold)
    if not whole.total_shown:
        note = [f"Not shown: {fewer_than(threshold)} pupils have a value."] if whole.total else ["No pupil has a value."]
        return Histogram(empty, np.array([]), note)
    data = values.to_numpy()
    edges = _coarsen(data, threshold)
    parts = whole if labels is None else partition(labels, threshold)
    groups = everyone if labels is None else labels
    shown = parts.shown
    if not shown:
        return Histogram(empty, edges, parts.note())
    rows = [bin_counts(data[(groups == g).to_numpy()], edges) for g in shown]
    hidden = (~groups.isin(shown)).to_numpy()
    rows.append(bin_counts(data[hidden], edges))  # the remainder: total minus the groups shown
    keep = merge_bins(np.vstack(rows), threshold)
    edges = edges[keep]
    bars = []
    for g in shown:
        counts = bin_counts(data[(groups == g).to_numpy()], edges)
        bars += [(str(g), edges[i], edges[i + 1], int(c)) for i, c in enumerate(counts)]
    return Histogram(pd.DataFrame(bars, columns=columns), edges, parts.note())
