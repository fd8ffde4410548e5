"""What-if on a closed month against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.closing import results
from kefu.closing.models import MonthlyResult, PeriodClose
from kefu.closing.service import close_month
from kefu.db import Base
from kefu.errors import NotFound, PeriodNotClosed
from kefu.imports.service import import_file
from kefu.periods import Month
from kefu.policy.loader import load_policy
from kefu.policy.models import PolicyVersion
from kefu.policy.schema import Band
from kefu.policy.service import use_policy
from kefu.whatif.rules import apply_edits
from kefu.whatif.service import what_if
from tests.factories import make_person, make_workbook, month_sheets

OCT = Month(2026, 10)
TODAY = date(2026, 11, 2)
AGENTS = [f"{1001 + i}" for i in range(20)]


def load(session: Session, path: Path, correct: bool = False) -> None:
    import_file(session, path, None, "hr-li", TODAY, correct)


def close_october(session: Session, tmp_path: Path) -> None:
    """Twenty agents scored 96, 94 … 58, a leader and a QA, closed under the demo policy."""
    use_policy(session, "demo", Month(2026, 7), "manager")
    roster = [make_person(no, f"客服{no}") for no in AGENTS]
    roster += [
        make_person("2001", "陈组长", role="业务组长"),
        make_person("3001", "杨质检", role="QA"),
    ]
    load(session, make_workbook(tmp_path / "roster.xlsx", {"员工": roster}))
    scores: dict[str, tuple[float | None, float, float]] = {
        no: (96 - 2 * i, 96 - 2 * i, 96 - 2 * i) for i, no in enumerate(AGENTS)
    }
    scores |= {"2001": (None, 80, 80), "3001": (None, 70, 74)}
    load(session, make_workbook(tmp_path / "oct.xlsx", month_sheets("2026-10", scores)))
    close_month(session, OCT, "manager")


def demo_text() -> str:
    return load_policy("demo").text


def demo_bands() -> list[Band]:
    mb = load_policy("demo").model.monthly_bonus
    assert mb is not None
    return mb.bands


def counts(session: Session) -> dict[str, int]:
    tables: list[type[Base]] = [PeriodClose, MonthlyResult, PolicyVersion]
    return {
        t.__tablename__: session.scalar(select(func.count()).select_from(t)) or 0 for t in tables
    }


def test_an_unchanged_draft_gives_every_person_a_zero_change(
    session: Session, tmp_path: Path
) -> None:
    close_october(session, tmp_path)
    frozen = results.monthly(session, OCT).rows
    result = what_if(session, OCT, apply_edits(demo_text(), {}))
    assert len(result.people) == len(frozen)
    assert all(p.delta == 0 and not p.changed for p in result.people)
    assert (result.gainers, result.losers, result.unchanged) == (0, 0, len(frozen))
    assert result.old_bonus == result.new_bonus == sum(r["bonus"] for r in frozen)
    assert result.baseline_matches_close
    assert (result.month, result.revision) == ("2026-10", 1)
    assert result.old_policy.startswith("demo 2026-01 (")
    assert result.new_policy.startswith("demo 2026-01-draft (")


def test_raising_the_top_band_by_100_raises_exactly_its_people_by_100(
    session: Session, tmp_path: Path
) -> None:
    close_october(session, tmp_path)
    top = demo_bands()[0]
    draft = apply_edits(demo_text(), {"monthly_bonus.bands.0.amount": str(top.amount + 100)})
    result = what_if(session, OCT, draft)
    in_top = {
        r["employee_no"] for r in results.monthly(session, OCT).rows if r["tier"] == top.label
    }
    assert in_top, "the center should have someone in the top band"
    assert {p.employee_no: p.delta for p in result.people if p.delta} == dict.fromkeys(
        in_top, Decimal(100)
    )
    assert result.bonus_delta == result.cost_delta == 100 * len(in_top)
    assert (result.gainers, result.losers) == (len(in_top), 0)
    assert [p.employee_no for p in result.changed] == sorted(in_top)


def test_a_stricter_top_floor_moves_its_people_down_a_band(
    session: Session, tmp_path: Path
) -> None:
    close_october(session, tmp_path)
    frozen = {r["employee_no"]: r for r in results.monthly(session, OCT).rows}
    bands = demo_bands()
    in_top = [no for no, r in frozen.items() if r["tier"] == bands[0].label]
    # a floor above every top-band score: none of them can stay in the top band
    floor = max(Decimal(frozen[no]["score"]) for no in in_top) + 1
    result = what_if(
        session, OCT, apply_edits(demo_text(), {"monthly_bonus.bands.0.score_from": str(floor)})
    )
    moved = {p.employee_no: p for p in result.changed}
    assert set(in_top) <= set(moved)
    for no in in_top:
        assert moved[no].new_tier != bands[0].label and moved[no].delta < 0
    assert result.bonus_delta < 0


def test_what_if_of_a_month_not_closed_is_refused_with_how_to_close_it(
    session: Session, tmp_path: Path
) -> None:
    close_october(session, tmp_path)
    with pytest.raises(PeriodNotClosed) as err:
        what_if(session, Month(2026, 9), demo_text())
    assert "2026-09 尚未结算" in err.value.message
    assert "kefu close monthly 2026-09" in err.value.message


def test_what_if_of_a_revision_that_does_not_exist_names_the_revisions_there_are(
    session: Session, tmp_path: Path
) -> None:
    close_october(session, tmp_path)
    with pytest.raises(NotFound) as err:
        what_if(session, OCT, demo_text(), revision=5)
    assert "没有修订 5" in err.value.message and "已有修订：1" in err.value.message


def test_what_if_writes_nothing(session: Session, tmp_path: Path) -> None:
    close_october(session, tmp_path)
    session.commit()
    before = counts(session)
    draft = apply_edits(demo_text(), {"monthly_bonus.bands.0.amount": "900"})
    what_if(session, OCT, draft)
    assert not session.new and not session.dirty and not session.deleted
    session.commit()
    assert counts(session) == before


def test_the_old_side_is_the_policy_of_the_close_not_the_one_in_force_now(
    session: Session, tmp_path: Path
) -> None:
    close_october(session, tmp_path)
    later = tmp_path / "later.yaml"
    later.write_text(
        apply_edits(demo_text(), {"monthly_bonus.bands.2.amount": "350"}), encoding="utf-8"
    )
    use_policy(session, str(later), OCT, "manager")
    # the draft is the policy the month was closed with: nothing changes
    result = what_if(session, OCT, demo_text())
    assert result.old_policy == result.new_policy == load_policy("demo").label
    assert result.gainers == result.losers == 0
