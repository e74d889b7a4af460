"""Critical-friend pairings for a cross-school meeting.

Teams from different schools are paired (a trio when numbers are odd) by a maximum-weight
matching over all allowed pairs (networkx), so that everyone who can be paired is, and partners
share a similar focus, measured by TF-IDF cosine similarity of focus and question (scikit-learn), while
their schools' contexts differ (the gap in % pupil premium), and pairs that already met earlier
in the cycle are avoided where another choice exists. Locked groups are kept as they are. The
result is deterministic for the same input: ties are broken by team id.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from ..store.errors import ValidationError

MIX_WEIGHT = 0.3  # how much a difference in school context counts beside a similar focus
REPEAT_PENALTY = 10.0  # larger than any gain: a repeat is chosen only when nothing else is left


@dataclass(frozen=True)
class Team:
    id: int
    school_id: int
    text: str  # focus and question
    pct_pupil_premium: float


def similarities(teams: list[Team]) -> dict[tuple[int, int], float]:
    """Cosine similarity of every two teams' focus and question (0 when either is empty)."""
    # Imported here: scikit-learn takes a second to load, and only pairing needs it.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    texts = [t.text or "" for t in teams]
    if not any(text.strip() for text in texts):
        return {(a.id, b.id): 0.0 for a, b in combinations(teams, 2)}
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    sims = cosine_similarity(matrix)
    return {(a.id, b.id): float(sims[i, j]) for (i, a), (j, b) in combinations(enumerate(teams), 2)}


def score(a: Team, b: Team, sims: dict, earlier: set[frozenset[int]]) -> float:
    key = (a.id, b.id) if (a.id, b.id) in sims else (b.id, a.id)
    value = sims[key] + MIX_WEIGHT * abs(a.pct_pupil_premium - b.pct_pupil_premium) / 100
    if frozenset((a.id, b.id)) in earlier:
        value -= REPEAT_PENALTY
    return value


def propose(teams: list[Team], *, earlier: set[frozenset[int]] = frozenset(),
            locked: list[list[int]] = ()) -> list[list[int]]:
    """Groups of team ids: pairs, plus one trio when the number of free teams is odd.

    Raises ValidationError when fewer than two teams attend, when a locked group puts a team with
    itself or with its own school, or names a team that is not attending."""
    by_id = {t.id: t for t in teams}
    if len(by_id) < 2:
        raise ValidationError("Pairings", "at least two teams must attend to pair them.")
    groups: list[list[int]] = []
    taken: set[int] = set()
    for group in locked:
        group = sorted(group)
        if len(set(group)) != len(group) or len(group) < 2:
            raise ValidationError("Pairings", "a team cannot be paired with itself.")
        if any(t not in by_id for t in group):
            raise ValidationError("Pairings", "a locked group names a team that is not attending.")
        if len({by_id[t].school_id for t in group}) != len(group):
            raise ValidationError("Pairings", "a team cannot be paired with a team from its own school.")
        if taken & set(group):
            raise ValidationError("Pairings", "a team is in two locked groups.")
        groups.append(group)
        taken |= set(group)
    free = sorted((t for t in teams if t.id not in taken), key=lambda t: t.id)
    if len(free) == 1 and not groups:
        raise ValidationError("Pairings", "at least two teams must attend to pair them.")
    sims = similarities(teams)
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(t.id for t in free)
    for a, b in combinations(free, 2):
        if a.school_id != b.school_id:
            # Shifted to stay positive; rounded so that float noise cannot change the choice.
            graph.add_edge(a.id, b.id, weight=round(score(a, b, sims, earlier) + REPEAT_PENALTY + 1, 9))
    paired: set[int] = set()
    for a, b in sorted(tuple(sorted(pair)) for pair in nx.max_weight_matching(graph, maxcardinality=True)):
        groups.append([a, b])
        paired |= {a, b}
    for leftover in (t for t in free if t.id not in paired):
        # The odd one out joins the pair it fits best, making a trio.
        options = [g for g in groups if len(g) == 2 and leftover.school_id not in {by_id[m].school_id for m in g}]
        if not options:
            raise ValidationError("Pairings", "a team could not be given a partner from another school.")
        best = max(options, key=lambda g: (sum(score(leftover, by_id[m], sims, earlier) for m in g), -g[0]))
        best.append(leftover.id)
        best.sort()
    return sorted(groups, key=lambda g: g[0])
