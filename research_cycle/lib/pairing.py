"""Critical-friend groups for a cross-school meeting: pairs of teams from different schools, and
one trio when the number of teams to group is odd.

What a good grouping is, in order of importance:

1. every team has a critical friend from another school;
2. no two teams are grouped again if they were already grouped at an earlier meeting of the
   cycle, wherever a grouping without such a repeat exists (fewest repeats otherwise);
3. the groups score best in total. Two teams score

       similarity of their foci  +  CONTEXT_WEIGHT × min(pupil-premium gap, CONTEXT_SPAN) / CONTEXT_SPAN

   Similarity is the TF-IDF cosine of focus and question (0 = no word in common, 1 = the same
   words; scikit-learn, English stop words left out). The context term rewards mixing schools
   whose pupils differ: a gap of CONTEXT_SPAN points of % pupil premium or more adds
   CONTEXT_WEIGHT (0.5), so every 8 points of gap count as much as 0.1 of focus similarity.
   Two teams with the same focus and the same context are therefore beaten by a pair whose foci
   are less alike by up to half a similarity point if their contexts differ by 40 points. A trio
   scores the sum of its three pairs.

The whole grouping, trio included, is chosen by one exact optimisation over every allowed pair
and trio (set partitioning, solved with SciPy's HiGHS MILP). Trios that the linear-programming
bound proves cannot be in the best grouping are left out before the integer solve, so forty
teams take well under a second. Locked groups are kept as they are. The result is deterministic:
the same teams give the same groups whatever their order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from ..store.errors import ValidationError

FIELD = "Critical-friend groups"
CONTEXT_WEIGHT = 0.5  # what the widest context gap adds to a pair's score (focus similarity is 0–1)
CONTEXT_SPAN = 40.0  # points of % pupil premium at which a gap counts in full
MAX_PAIR_SCORE = 1 + CONTEXT_WEIGHT
SHARED_WORDS_SHOWN = 5


@dataclass(frozen=True)
class Team:
    id: int
    school_id: int
    text: str  # focus and question
    pct_pupil_premium: float


def _vectorizer():
    # Imported here: scikit-learn takes a second to load, and only grouping needs it.
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(stop_words="english", sublinear_tf=True)


def similarities(teams: list[Team]) -> dict[tuple[int, int], float]:
    """Cosine similarity of every two teams' focus and question, keyed by (lower id, higher id).

    0 when either text has no words left once stop words are dropped (empty, or only words such
    as "the" and "how"): scikit-learn refuses an empty vocabulary, and no words means nothing in
    common."""
    from sklearn.metrics.pairwise import cosine_similarity

    ordered = sorted(teams, key=lambda t: t.id)
    zero = {(a.id, b.id): 0.0 for a, b in combinations(ordered, 2)}
    try:
        matrix = _vectorizer().fit_transform([t.text or "" for t in ordered])
    except ValueError:  # "empty vocabulary": every text is stop words or nothing
        return zero
    sims = cosine_similarity(matrix)
    return {(a.id, b.id): float(sims[i, j]) for (i, a), (j, b) in combinations(enumerate(ordered), 2)}


def context_mix(a: Team, b: Team) -> float:
    """0–1: how far apart the two schools' % pupil premium are (in full from CONTEXT_SPAN points)."""
    gap = abs((a.pct_pupil_premium or 0) - (b.pct_pupil_premium or 0))
    return min(gap, CONTEXT_SPAN) / CONTEXT_SPAN


def pair_score(a: Team, b: Team, sims: dict) -> float:
    """Focus similarity plus the weighted context mix (see the module's docstring)."""
    key = (min(a.id, b.id), max(a.id, b.id))
    return sims.get(key, 0.0) + CONTEXT_WEIGHT * context_mix(a, b)


def repeats(group, earlier: set[frozenset[int]]) -> list[tuple[int, int]]:
    """The pairs inside a group that were already grouped earlier in the cycle."""
    return [(a, b) for a, b in combinations(sorted(group), 2) if frozenset((a, b)) in earlier]


def _check_locked(by_id: dict[int, Team], locked) -> list[list[int]]:
    groups: list[list[int]] = []
    taken: set[int] = set()
    for group in locked:
        group = sorted(group)
        if len(set(group)) != len(group) or len(group) < 2:
            raise ValidationError(FIELD, "a team cannot be grouped with itself.")
        if any(t not in by_id for t in group):
            raise ValidationError(FIELD, "a locked group names a team that is not attending.")
        if len({by_id[t].school_id for t in group}) != len(group):
            raise ValidationError(FIELD, "a team cannot be grouped with a team from its own school.")
        if taken & set(group):
            raise ValidationError(FIELD, "a team is in two locked groups.")
        groups.append(group)
        taken |= set(group)
    return groups


def _check_feasible(free: list[Team]) -> None:
    """Every team can have a partner from another school only if no school has more teams than
    there are groups (pairs, plus the trio)."""
    per_school = Counter(t.school_id for t in free)
    school, most = per_school.most_common(1)[0]
    if most > len(free) // 2:
        raise ValidationError(FIELD, f"{most} of the {len(free)} teams to group come from one school, so they cannot "
                                     "all have a critical friend from another school. Leave some of that school's "
                                     "teams out of the meeting, or lock them into groups by hand.")


def propose(teams: list[Team], *, earlier: set[frozenset[int]] = frozenset(),
            locked: list[list[int]] = ()) -> list[list[int]]:
    """Groups of team ids, sorted: pairs, plus one trio when the number of teams not in a locked
    group is odd (a single team left over joins the locked pair it fits best).

    Raises ValidationError when fewer than two teams attend, when a locked group puts a team with
    itself or with its own school or names a team that is not attending, or when one school has
    so many of the teams that they cannot all be grouped with other schools."""
    by_id = {t.id: t for t in teams}
    if len(by_id) < 2:
        raise ValidationError(FIELD, "at least two teams must attend to group them.")
    groups = _check_locked(by_id, locked)
    taken = {t for g in groups for t in g}
    free = sorted((t for t in by_id.values() if t.id not in taken), key=lambda t: t.id)
    if not free:
        return sorted(groups)
    sims = similarities(list(by_id.values()))
    if len(free) == 1:
        leftover = free[0]
        options = [g for g in groups if len(g) == 2 and leftover.school_id not in {by_id[m].school_id for m in g}]
        if not options:
            raise ValidationError(FIELD, "a team could not be given a critical friend from another school.")
        best = max(options, key=lambda g: (sum(pair_score(leftover, by_id[m], sims) for m in g)
                                           - MAX_PAIR_SCORE * 10 * len(repeats([leftover.id, *g], earlier)), -g[0]))
        best.append(leftover.id)
        best.sort()
        return sorted(groups)
    _check_feasible(free)
    return sorted(groups + _optimal_groups(free, sims, earlier))


def _optimal_groups(free: list[Team], sims: dict, earlier: set[frozenset[int]]) -> list[list[int]]:
    """The best partition of ``free`` into pairs (and one trio if their number is odd), exactly.

    Each allowed pair and trio is a column; every team is covered once; the trio row asks for one
    trio exactly when the number is odd. A repeat costs more than every score in the grouping put
    together, so the optimiser avoids repeats first and maximises the score second."""
    import numpy as np

    n = len(free)
    penalty = 3 * n * MAX_PAIR_SCORE + 1  # more than any total score: one repeat fewer always wins
    weight = np.full((n, n), np.nan)
    for (i, a), (j, b) in combinations(enumerate(free), 2):
        if a.school_id != b.school_id:
            w = pair_score(a, b, sims) - (penalty if frozenset((a.id, b.id)) in earlier else 0)
            weight[i, j] = weight[j, i] = w
    members = [(i, j) for i, j in combinations(range(n), 2) if not np.isnan(weight[i, j])]
    if n % 2:
        trios = np.array([t for t in combinations(range(n), 3)], dtype=int).reshape(-1, 3)
        a, b, c = trios.T
        values = weight[a, b] + weight[a, c] + weight[b, c]
        allowed = ~np.isnan(values)
        members += [tuple(t) for t in trios[allowed]]
        trio_values = values[allowed]
    else:
        trio_values = np.array([])
    pair_values = np.array([weight[i, j] for i, j in members[:len(members) - len(trio_values)]])
    # Rounded so that float noise cannot change the choice between equal groupings.
    value = np.round(np.concatenate([pair_values, trio_values]), 9)
    chosen = _solve_partition(n, members, value, odd=n % 2 == 1)
    return sorted(sorted(free[i].id for i in members[j]) for j in chosen)


def _solve_partition(n: int, members: list[tuple[int, ...]], value, *, odd: bool) -> list[int]:
    """Indices of the columns of the best exact cover (one trio exactly when ``odd``).

    The linear relaxation is solved by column generation (pairs and the best trios first, then
    the trios that would improve it), which gives a bound with value(x) = bound + Σ r_j x_j for
    every cover x, where every reduced value r_j ≤ 0. A column with r_j below -gap cannot be in a
    cover within gap of the bound, so once the integer solve over the other columns comes within
    gap of the bound, its answer is the best of all."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp
    from scipy.sparse import csc_matrix

    size = np.array([len(m) for m in members])
    rows = np.array([i for m in members for i in m] + ([n] * int((size == 3).sum()) if odd else []))
    cols = np.concatenate([np.repeat(np.arange(len(members)), size), np.flatnonzero(size == 3) if odd else []])
    matrix = csc_matrix((np.ones(len(rows)), (rows, cols.astype(int))), shape=(n + odd, len(members)))
    rhs = np.ones(n + odd)
    refused = ValidationError(FIELD, "the teams could not all be given a critical friend from another school.")

    def relax(columns):
        found = linprog(-value[columns], A_eq=matrix[:, columns], b_eq=rhs, bounds=(0, None), method="highs")
        return found if found.status == 0 else None

    trios = np.flatnonzero(size == 3)
    columns = np.concatenate([np.flatnonzero(size == 2), trios[np.argsort(-value[trios], kind="stable")[:3 * n]]])
    while True:
        relaxed = relax(columns)
        if relaxed is None:
            if len(columns) == len(members):
                raise refused
            columns = np.arange(len(members))
            continue
        reduced = value + matrix.T @ relaxed.eqlin.marginals
        reduced[columns] = np.minimum(reduced[columns], 0)
        better = np.setdiff1d(np.flatnonzero(reduced > 1e-9), columns)
        if not len(better):
            break
        columns = np.union1d(columns, better[np.argsort(-reduced[better], kind="stable")[:2 * n]])
    bound = -relaxed.fun
    gap = 0.05
    while True:
        keep = np.flatnonzero(reduced >= -gap - 1e-9)
        everything = len(keep) == len(members)
        found = milp(-value[keep], constraints=[LinearConstraint(matrix[:, keep], rhs, rhs)],
                     integrality=np.ones(len(keep)), bounds=Bounds(0, 1), options={"mip_rel_gap": 0})
        if found.status == 0 and (everything or bound - (-found.fun) <= gap + 1e-9):
            return [int(keep[j]) for j in np.flatnonzero(found.x > 0.5)]
        if everything:
            raise refused
        gap *= 4


def shared_words(texts: list[str]) -> list[str]:
    """Focus words (stop words left out) used by at least two of the texts, the most shared first."""
    analyse = _vectorizer().build_analyzer()
    counts = Counter(word for text in texts for word in set(analyse(text or "")))
    return sorted((w for w, c in counts.items() if c >= 2), key=lambda w: (-counts[w], w))


def _percent(value) -> str:
    return f"{value:.0f}%" if value is not None else "unknown"


def explain(members: list[Team], earlier: set[frozenset[int]] = frozenset(), *, names: dict[int, str] | None = None) -> str:
    """Why a group was proposed, in words: the focus words its teams share, their schools'
    contexts (e.g. "PP 12% & 48%") and any partners who met before."""
    members = sorted(members, key=lambda t: t.id)
    words = shared_words([t.text for t in members])
    parts = [("shared focus: " + ", ".join(words[:SHARED_WORDS_SHOWN])) if words else "no focus words in common"]
    pp = [_percent(t.pct_pupil_premium) for t in sorted(members, key=lambda t: t.pct_pupil_premium or 0)]
    parts.append("contexts: PP " + (", ".join(pp[:-1]) + " & " + pp[-1] if len(pp) > 1 else pp[0]))
    met = repeats([t.id for t in members], earlier)
    if met:
        label = (names or {}).get
        parts.append("met before: " + "; ".join(f"{label(a, str(a))} & {label(b, str(b))}" for a, b in met))
    else:
        parts.append("new partners")
    return " · ".join(parts)
