"""Critical-friend groups: different schools, everyone grouped, no repeats wherever a repeat-free
grouping exists (the trio chosen inside the optimisation), similar foci, mixed contexts that
count, a reason for every group, deterministic, fast."""

import random
from itertools import combinations

import pytest

from research_cycle.lib.pairing import CONTEXT_WEIGHT, Team, explain, pair_score, propose, repeats, similarities
from research_cycle.store.errors import ValidationError

FOCI = {
    "talk": "oracy talk partners whole-class discussion quiet pupils speaking",
    "attendance": "attendance persistent absence disadvantaged pupils families",
    "eal": "newly arrived pupils english additional language induction",
    "transition": "transition secondary school year 7 belonging",
}


def team(i, focus, pp=30.0, school=None):
    return Team(id=i, school_id=school or 100 + i, text=FOCI[focus], pct_pupil_premium=pp)


def test_similar_foci_are_grouped_and_everyone_has_a_partner():
    teams = [team(1, "talk"), team(2, "attendance"), team(3, "talk"), team(4, "attendance")]
    assert propose(teams) == [[1, 3], [2, 4]]


def test_odd_numbers_make_one_trio():
    teams = [team(i, f) for i, f in enumerate(["talk", "talk", "eal", "eal", "transition"], start=1)]
    groups = propose(teams)
    assert sorted(len(g) for g in groups) == [2, 3]
    assert sorted(t for g in groups for t in g) == [1, 2, 3, 4, 5]


def test_the_audit_case_trio_is_chosen_without_a_repeat():
    """Teams 1–5 at schools {1, 2, 3, 1, 2}, earlier pairs 1–2 and 3–4: forming the trio after the
    matching gave [[1, 2, 3], [4, 5]] (a repeat); the only repeat-free grouping is chosen."""
    foci = ("talk", "talk", "talk", "attendance", "attendance")
    teams = [Team(i, school, FOCI[f], 30.0) for i, school, f in zip(range(1, 6), (1, 2, 3, 1, 2), foci)]
    assert propose(teams, earlier={frozenset((1, 2)), frozenset((3, 4))}) == [[1, 3, 5], [2, 4]]


def _groupings(ids: list[int], school: dict[int, int]):
    """Every grouping into pairs (and one trio when odd) with no school twice in a group."""
    if not ids:
        yield []
        return
    first, rest = ids[0], ids[1:]
    sizes = (1, 2) if len(ids) % 2 else (1,)
    for size in sizes:
        for mates in combinations(rest, size):
            group = (first, *mates)
            if len({school[t] for t in group}) != len(group):
                continue
            left = [t for t in rest if t not in mates]
            for tail in _groupings(left, school):
                if sum(len(g) == 3 for g in tail) + (size == 2) <= 1:
                    yield [group, *tail]


def _total(grouping, by_id, sims) -> float:
    return sum(pair_score(by_id[a], by_id[b], sims) for g in grouping for a, b in combinations(g, 2))


def test_no_repeat_whenever_a_repeat_free_grouping_exists_and_the_best_score_otherwise():
    """400 random small meetings checked against every possible grouping (brute force)."""
    rng = random.Random(8)
    words = " ".join(FOCI.values()).split()
    checked = repeat_free = 0
    for _ in range(400):
        n = rng.randint(3, 9)
        ids = list(range(1, n + 1))
        school = {t: rng.randint(1, n) for t in ids}
        teams = [Team(t, school[t], " ".join(rng.sample(words, 5)), rng.choice((8.0, 20.0, 35.0, 61.0))) for t in ids]
        earlier = {frozenset(p) for p in combinations(ids, 2) if rng.random() < 0.35}
        options = list(_groupings(ids, school))
        if not options:
            with pytest.raises(ValidationError):
                propose(teams, earlier=earlier)
            continue
        checked += 1
        got = propose(teams, earlier=earlier)
        assert sorted(t for g in got for t in g) == ids
        assert all(len({school[t] for t in g}) == len(g) for g in got)
        fewest = min(sum(len(repeats(g, earlier)) for g in o) for o in options)
        assert sum(len(repeats(g, earlier)) for g in got) == fewest, (teams, earlier, got)
        repeat_free += fewest == 0
        by_id, sims = {t.id: t for t in teams}, similarities(teams)
        best = max(_total(o, by_id, sims) for o in options if sum(len(repeats(g, earlier)) for g in o) == fewest)
        assert _total(got, by_id, sims) == pytest.approx(best, abs=1e-6)
    assert checked > 300 and repeat_free > 100, (checked, repeat_free)  # the property was really exercised


def test_repeats_avoided_where_possible():
    teams = [team(1, "talk"), team(2, "attendance"), team(3, "talk"), team(4, "attendance")]
    groups = propose(teams, earlier={frozenset((1, 3)), frozenset((2, 4))})
    assert [1, 3] not in groups and [2, 4] not in groups


def test_context_mix_breaks_a_tie():
    teams = [team(1, "talk", pp=10), team(2, "talk", pp=12), team(3, "talk", pp=60), team(4, "talk", pp=58)]
    groups = propose(teams)
    for g in groups:  # each pair joins a low and a high pupil-premium school
        assert {t in (1, 2) for t in g} == {True, False}


def test_mixing_contexts_outweighs_a_small_difference_in_focus():
    """Identical foci 1 point apart in pupil premium must not beat a 54-point cross-context option
    whose foci are almost as alike (the old 0.3 × gap/100 tie-breaker chose the identical pairs)."""
    same = "attendance of disadvantaged pupils and what their families say about absence"
    close = "why disadvantaged pupils miss school: attendance and what families say about absence"
    teams = [Team(1, 1, same, 20.0), Team(2, 2, same, 21.0), Team(3, 3, close, 74.0), Team(4, 4, close, 75.0)]
    sims = similarities(teams)
    assert sims[(1, 2)] == pytest.approx(1.0) and 0.7 < sims[(1, 3)] < 0.8  # a small difference in focus
    groups = propose(teams)
    assert all({t <= 2 for t in g} == {True, False} for g in groups), groups
    # ...while a large difference in focus still wins over context (similarity leads).
    far = [Team(1, 1, FOCI["talk"], 20.0), Team(2, 2, FOCI["talk"], 21.0),
           Team(3, 3, FOCI["eal"], 74.0), Team(4, 4, FOCI["eal"], 75.0)]
    assert propose(far) == [[1, 2], [3, 4]]
    assert CONTEXT_WEIGHT * 1 == pair_score(Team(1, 1, "", 10), Team(2, 2, "", 60), {})  # a full gap adds the weight


def test_foci_of_stop_words_only_do_not_crash():
    teams = [Team(1, 1, "How do we?", 10.0), Team(2, 2, "", 20.0), Team(3, 3, "the and of it", 50.0),
             Team(4, 4, "What is this about", 60.0)]
    assert set(similarities(teams).values()) == {0.0}
    groups = propose(teams)
    assert sorted(t for g in groups for t in g) == [1, 2, 3, 4]
    assert groups == [[1, 3], [2, 4]]  # with no focus in common, the widest context mix wins
    assert explain([teams[0], teams[2]]).startswith("no focus words in common")


def test_each_group_says_why():
    a = Team(1, 1, "attendance of disadvantaged pupils", 12.0)
    b = Team(2, 2, "families and attendance: persistent absence of disadvantaged pupils", 48.4)
    why = explain([a, b])
    assert why == "shared focus: attendance, disadvantaged, pupils · contexts: PP 12% & 48% · new partners"
    c = Team(3, 3, "transition to secondary", 30.0)
    trio = explain([a, b, c], {frozenset((1, 2))}, names={1: "Ash Primary", 2: "Birch Academy"})
    assert "contexts: PP 12%, 30% & 48%" in trio and "met before: Ash Primary & Birch Academy" in trio


def test_locked_groups_are_kept_and_bad_locks_refused():
    teams = [team(1, "talk"), team(2, "attendance"), team(3, "talk"), team(4, "attendance")]
    assert [1, 2] in propose(teams, locked=[[1, 2]])
    with pytest.raises(ValidationError, match="itself"):
        propose(teams, locked=[[1, 1]])
    same_school = [team(1, "talk", school=7), team(2, "talk", school=7), team(3, "eal")]
    with pytest.raises(ValidationError, match="own school"):
        propose(same_school, locked=[[1, 2]])
    with pytest.raises(ValidationError, match="at least two teams"):
        propose([team(1, "talk")])
    three = [team(1, "talk"), team(2, "eal"), team(3, "talk")]
    assert propose(three, locked=[[1, 2]]) == [[1, 2, 3]]  # a single team left over joins a locked pair


def test_never_groups_a_school_with_itself_and_says_when_it_cannot():
    teams = [team(1, "talk", school=7), team(2, "talk", school=7), team(3, "eal"), team(4, "eal")]
    for g in propose(teams):
        assert len({t.school_id for t in teams if t.id in g}) == len(g)
    crowded = [team(1, "talk", school=7), team(2, "talk", school=7), team(3, "talk", school=7), team(4, "eal")]
    with pytest.raises(ValidationError, match="3 of the 4 teams to group come from one school"):
        propose(crowded)


@pytest.mark.parametrize("n", [40, 41])
def test_deterministic_for_forty_teams(n):
    rng = random.Random(4)
    teams = [Team(i, 1000 + rng.randrange(30), " ".join(rng.sample(" ".join(FOCI.values()).split(), 8)),
                  rng.uniform(5, 60)) for i in range(1, n + 1)]
    earlier = {frozenset((i, i + 1)) for i in range(1, n, 2)}
    propose(teams[:4])  # scikit-learn and SciPy loaded once, as in a running app
    first = propose(teams, earlier=earlier)
    assert first == propose(list(reversed(teams)), earlier=earlier)
    assert sorted(t for g in first for t in g) == list(range(1, n + 1))
    assert sorted(len(g) for g in first) == [2] * (n // 2 - n % 2) + [3] * (n % 2)
    assert not any(repeats(g, earlier) for g in first)
