"""Properties of the ranking and band rules over random pools (R-BON-2, R-BON-3)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.bonuses.awards import AwardCandidate, AwardEvidence, _qualified, _qualifies
from kefu.bonuses.monthly import PersonMonth, compute_month
from kefu.bonuses.rules import (
    AttendanceSummary,
    assign_band,
    band_table,
    competition_rank,
    quota_limit,
    within_share,
)
from kefu.policy.schema import Band
from tests.bonuses import demo_policy, make_facts, make_person

MONTH = "2026-03"
FAST = settings(max_examples=200, deadline=None)

# Scores with two decimals; often a round value so that ties and band edges come up.
scores = st.one_of(
    st.sampled_from([Decimal(x) for x in ("60.00", "70.00", "75.00", "80.00", "85.00", "90.00")]),
    st.integers(0, 10000).map(lambda n: Decimal(n).scaleb(-2)),
)
conducts = st.one_of(st.integers(60, 62), st.integers(0, 100)).map(Decimal)
entries_lists = st.lists(st.tuples(scores, conducts), min_size=0, max_size=60)


def bands() -> list[Band]:
    mb = demo_policy().model.monthly_bonus
    assert mb is not None
    return list(mb.bands)


def keyed(entries: list[tuple[Decimal, Decimal]]) -> list[tuple[int, Decimal, Decimal]]:
    return [(i, s, c) for i, (s, c) in enumerate(entries)]


def band_index(score: Decimal, rank: int, pool: int) -> int:
    decision = assign_band(score, rank, pool, bands(), "R-BON-3")
    assert decision.band is not None  # the demo table covers 0..100
    return bands().index(decision.band)


@FAST
@given(entries_lists)
def test_R_BON_2_competition_ranks_are_1_based_ordered_and_shared_by_full_ties(entries):
    placings = competition_rank(keyed(entries))
    assert set(placings) == set(range(len(entries)))
    ordered = sorted(keyed(entries), key=lambda e: (-e[1], -e[2]))
    ranks = [placings[k].rank for k, _, _ in ordered]
    if ranks:
        assert ranks[0] == 1
    assert ranks == sorted(ranks)
    for k, s, c in keyed(entries):
        better = sum(1 for _, s2, c2 in keyed(entries) if (s2, c2) > (s, c))
        assert placings[k].rank == better + 1
        tied = [k2 for k2, s2, c2 in keyed(entries) if (s2, c2) == (s, c)]
        assert {placings[k2].rank for k2 in tied} == {placings[k].rank}
        assert placings[k].pool_size == len(entries)


@FAST
@given(entries_lists)
def test_R_BON_3_quota_shares_are_never_exceeded_except_by_ties_straddling_the_limit(entries):
    placings = competition_rank(keyed(entries))
    pool = len(entries)
    tier_of = {k: band_index(s, placings[k].rank, pool) for k, s, _ in keyed(entries)}
    rank_counts = Counter(p.rank for p in placings.values())
    for index, band in enumerate(bands()):
        if band.rank_share_at_most is None:
            continue
        limit = band.rank_share_at_most * pool
        inside = [k for k, t in tier_of.items() if t <= index]
        # every agent in A..X holds a rank within X's cumulative share …
        assert all(placings[k].rank <= limit for k in inside)
        # … so there are more of them than the share only when the last included rank is
        # shared by agents straddling the limit
        if len(inside) > limit:
            last = max(placings[k].rank for k in inside)
            assert last + rank_counts[last] - 1 > limit


@FAST
@given(
    entries_lists.filter(bool),
    st.data(),
)
def test_R_BON_3_raising_one_agents_score_never_lowers_their_tier(entries, data):
    who = data.draw(st.integers(0, len(entries) - 1), label="who")
    score, conduct = entries[who]
    raised_score = data.draw(
        st.integers(int(score * 100), 10000).map(lambda n: Decimal(n).scaleb(-2)), label="raised"
    )
    before = _close(entries)[who]
    after = _close([*entries[:who], (raised_score, conduct), *entries[who + 1 :]])[who]
    assert after.rank <= before.rank
    assert bands_index(after.tier) <= bands_index(before.tier)


def bands_index(label: str | None) -> int:
    return [b.label for b in bands()].index(label)


def _close(entries: list[tuple[Decimal, Decimal]]) -> list:
    people = [make_person(f"K{i:02d}", s, c) for i, (s, c) in enumerate(entries)]
    return compute_month(demo_policy(), MONTH, people)


people_lists = st.lists(
    st.tuples(
        scores,
        conducts,
        st.sampled_from(["csr", "csr", "csr", "qa", "team_leader"]),
        st.booleans().map(lambda b: make_facts(probation=b)),
    ),
    max_size=60,
)


def _people(rows: list) -> list[PersonMonth]:
    return [
        make_person(f"P{i:02d}", s, c, role=role, facts=facts)
        for i, (s, c, role, facts) in enumerate(rows)
    ]


@FAST
@given(people_lists, st.randoms(use_true_random=False))
def test_R_BON_3_the_sum_of_bonuses_does_not_depend_on_the_input_order(rows, rnd):
    people = _people(rows)
    shuffled = list(people)
    rnd.shuffle(shuffled)
    first = compute_month(demo_policy(), MONTH, people)
    second = compute_month(demo_policy(), MONTH, shuffled)
    assert sum(o.bonus for o in first) == sum(o.bonus for o in second)
    assert sum(o.total for o in first) == sum(o.total for o in second)
    by_no = {o.employee_no: (o.rank, o.tier, o.bonus) for o in second}
    assert {o.employee_no: (o.rank, o.tier, o.bonus) for o in first} == by_no


@FAST
@given(people_lists, st.data())
def test_R_EXP_1_tracing_only_some_people_changes_no_figure_and_no_reason(rows, data):
    people = _people(rows)
    traced = data.draw(st.sets(st.sampled_from([p.employee_no for p in people] or ["none"])))
    full = compute_month(demo_policy(), MONTH, people)
    lean = compute_month(demo_policy(), MONTH, people, traced=traced)
    for a, b in zip(full, lean, strict=True):
        assert (a.score, a.rank, a.tier, a.bonus, a.total) == (
            b.score,
            b.rank,
            b.tier,
            b.bonus,
            b.total,
        )
        assert a.reasons == b.reasons


shares = st.integers(0, 100).map(lambda n: Decimal(n).scaleb(-2))


@FAST
@given(st.integers(1, 200), st.integers(1, 200), shares)
def test_R_BON_3_a_quota_as_its_last_rank_is_the_share_itself(rank, pool, share):
    """rank ≤ floor(share × pool) exactly when rank / pool ≤ share: the band table's shortcut."""
    assert (rank <= quota_limit(share, pool)) == within_share(rank, pool, share)


@FAST
@given(scores, st.integers(1, 120), st.integers(1, 120))
def test_R_BON_3_a_pool_band_table_decides_as_the_bands_do(score, rank, pool):
    """A pool's prepared table gives the same band and steps as working each quota out."""
    rank = min(rank, pool)
    table = band_table(bands(), pool)
    alone = assign_band(score, rank, pool, bands(), "R-BON-3")
    assert assign_band(score, rank, pool, bands(), "R-BON-3", table=table) == alone
    brief = assign_band(score, rank, pool, bands(), "R-BON-3", detail=False, table=table)
    assert brief.band == alone.band
    assert list(brief.steps) == [s for s in alone.steps if s.reason]


counts = st.integers(0, 3)
attendances = st.one_of(
    st.none(),
    st.builds(
        AttendanceSummary,
        st.sampled_from([Decimal(0), Decimal(1)]),
        st.sampled_from([Decimal(0), Decimal(1)]),
        st.sampled_from([Decimal(0), Decimal("0.5")]),
        counts,
        counts,
        counts,
        st.sampled_from([Decimal(0), Decimal(1)]),
    ),
)
evidences = st.one_of(
    st.none(),
    st.builds(
        AwardEvidence,
        counts,
        counts,
        counts,
        st.one_of(st.none(), scores),
        st.one_of(st.none(), scores),
    ),
)
ranks = st.one_of(st.none(), st.integers(1, 30))
candidate_lists = st.lists(
    st.tuples(attendances, evidences, ranks, ranks, st.integers(0, 13)), max_size=30
)


@FAST
@given(candidate_lists)
def test_R_AWD_1_each_theme_qualifies_its_candidates_one_by_one_or_all_at_once(drawn):
    """The close tests a theme's condition for all candidates at once (``_qualified``); it
    keeps exactly those the one-candidate test (``_qualifies``) keeps, with the same reasons."""
    candidates = [
        AwardCandidate(f"K{i:02d}", True, a, e, r, p, s) for i, (a, e, r, p, s) in enumerate(drawn)
    ]
    awards = demo_policy().model.awards
    assert awards is not None
    for theme in awards.themes:
        one_by_one = [(c, _qualifies(theme, c)) for c in candidates]
        qualified, why_not = _qualified(theme, candidates)
        assert qualified == [c for c, (ok, _) in one_by_one if ok]
        assert why_not == [(c.key, why) for c, (ok, why) in one_by_one if not ok and why]
