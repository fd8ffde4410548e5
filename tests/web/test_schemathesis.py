"""Schemathesis against /openapi.json: whatever a program sends, the app never answers with a 5xx.

Every operation of the schema (the JSON API and the pages) is called with generated input under
the API tokens of a manager, an agent and an admin. Generated values are mixed with real ones
(a closed month, a known 工号) so that requests get past the first check and into the services.
The generated POSTs change data (closes, policies, users, imports), so this module runs on its
own throwaway database (one per xdist worker), never on the other tests' databases.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from kefu.accounts.service import create_api_token
from kefu.db import engine_for, migrate, unit_of_work
from kefu.demo import load_demo
from kefu.web.app import create_app
from tests.web import KNOWN_PERSON, MONTH, QUARTER

# The schema is read from the app when the module is collected, so the app (and its database
# file, migrated by the app's startup) exist from then on; the demo is loaded by the fixture.
FOLDER = Path(tempfile.mkdtemp(prefix="kefu-schemathesis-"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)
URL = f"sqlite:///{FOLDER / 'kefu.sqlite3'}"
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(URL))

QUICK = {"deadline": None, "suppress_health_check": list(HealthCheck), "database": None}
# real values, wrong ones and malformed ones, mixed into the generated path and query parameters
KNOWN: dict[str, list[str]] = {
    "month": [MONTH, "2026-04", "2026-1", "2026-13", "2030-01", "0000-00"],
    "from_month": ["2026-11", "2026-13"],
    "quarter": [QUARTER, "2026q2", "2026Q5", "2030Q1"],
    "employee_no": [KNOWN_PERSON[0], "1001", "0000", "1005 "],
    "kind": ["monthly", "quarterly", "roster"],
    "period": [MONTH, QUARTER, "2026-13"],
    "username": ["leader", "nobody"],
    "lang": ["zh", "en", "fr"],
}


def _with_known_values(values: Any) -> st.SearchStrategy[Any]:
    if not isinstance(values, dict):  # no parameters, or a deliberately malformed set
        return st.just(values)
    return st.fixed_dictionaries(
        {k: st.sampled_from(KNOWN[k]) if k in KNOWN else st.just(v) for k, v in values.items()}
    )


@schema.hook
def before_generate_path_parameters(
    context: schemathesis.HookContext, strategy: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    return strategy | strategy.flatmap(_with_known_values)


@schema.hook
def before_generate_query(
    context: schemathesis.HookContext, strategy: st.SearchStrategy[Any]
) -> st.SearchStrategy[Any]:
    return strategy | strategy.flatmap(_with_known_values)


@pytest.fixture(scope="module")
def tokens() -> dict[str, str]:
    """The demo center in the module's database, and an API token of each role tested."""
    engine = engine_for(URL)
    migrate(engine)
    with unit_of_work(engine) as session:
        load_demo(session, "tester", folder=FOLDER)
    with unit_of_work(engine) as session:
        return {
            username: create_api_token(session, "tester", username, "schemathesis")
            for username in ("manager", "agent", "admin")
        }


def call(case: schemathesis.Case, token: str) -> None:
    """Send the generated request as the token's account; any 5xx fails the test."""
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error]
    )


@schema.parametrize()
@settings(max_examples=15, **QUICK)
def test_no_operation_answers_a_manager_with_a_server_error(
    case: schemathesis.Case, tokens: dict[str, str]
) -> None:
    call(case, tokens["manager"])


@schema.parametrize()
@settings(max_examples=5, **QUICK)
def test_no_operation_answers_an_agent_with_a_server_error(
    case: schemathesis.Case, tokens: dict[str, str]
) -> None:
    call(case, tokens["agent"])


@schema.include(path_regex=r"^/(api/v1/)?users").parametrize()
@settings(max_examples=15, **QUICK)
def test_managing_users_never_answers_an_admin_with_a_server_error(
    case: schemathesis.Case, tokens: dict[str, str]
) -> None:
    call(case, tokens["admin"])
