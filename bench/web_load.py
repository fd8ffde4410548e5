"""Benchmark: the monthly results page under load, against a trivial route of the same app.

Loads N people (default 5,000) with two months of inputs into a fresh database, puts the demo
policy in force, closes both months and adds a manager account (who sees the whole center).
Then, for each route — the trivial /api/v1/health, the month's page /months/YYYY-MM (HTML) and
its JSON /api/v1/months/YYYY-MM/results — it starts the web app in its own process on loopback
as `kefu serve` does (uvicorn, one worker), signs in through the form, times a few requests one
at a time, warms up, and times a fixed number of requests from C concurrent clients (default
50). It prints each route's p50/p95 latency, the p95 ratios to the trivial route and whether the
target "p95 of the results page ≤ 3× the trivial route" is met, all from the same run.

Each route gets a fresh server so that a route that stalls the server cannot slow the next.
A request that fails (status other than 200) or times out (--timeout) still counts, with its
latency; with timeouts the percentiles are lower bounds (shown as ≥). A route's timed run
starts no new request after --budget seconds, and reports how many it completed.

    python bench/web_load.py                     # 5,000 people, SQLite file in a temp folder
    python bench/web_load.py --people 1000 --clients 10 --requests 200
    python bench/web_load.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/kefu_bench
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import httpx

from kefu.accounts.service import add_user
from kefu.closing.service import close_month
from kefu.db import unit_of_work
from kefu.periods import Month
from kefu.policy.service import use_policy

USERNAME = "bench"
PASSWORD = "Load-Test-Pass-2026"
TARGET_RATIO = 3.0
SESSION_COOKIE = "kefu_session"
SIGN_IN_COOKIE = "kefu_sign_in"
_CSRF_FIELD = re.compile(r'name="sign_in_csrf"\s+value="([^"]+)"')


def _close_month_bench() -> ModuleType:
    """bench/close_month.py, whose data generator and fresh database this benchmark reuses."""
    path = Path(__file__).with_name("close_month.py")
    spec = importlib.util.spec_from_file_location("bench_close_month", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prepare(url: str, people: int, seed: int, tmp: Path) -> tuple[str, Month, int]:
    """A fresh database with N people, both months closed and a manager: URL, month, rows."""
    bench = _close_month_bench()
    engine = bench.fresh_database(url, tmp)
    t = time.perf_counter()
    bench.generate(engine, people, seed)
    with unit_of_work(engine) as session:
        use_policy(session, "demo", Month(2026, 1), "bench")
    with unit_of_work(engine) as session:
        close_month(session, bench.PREVIOUS, "bench")
    with unit_of_work(engine) as session:
        report = close_month(session, bench.MONTH, "bench")
    with unit_of_work(engine) as session:
        add_user(session, "bench", USERNAME, PASSWORD, "manager")
    print(
        f"[{engine.dialect.name}] {people:,} people, {bench.PREVIOUS} and {bench.MONTH} closed "
        f"({report.people:,} results), manager account added in {time.perf_counter() - t:.1f} s"
    )
    database_url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    return database_url, bench.MONTH, report.people


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def start_server(database_url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """The app in its own uvicorn process, started as `kefu serve` starts it; waits until up."""
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "kefu.web.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    env = os.environ | {"KEFU_DATABASE_URL": database_url}
    with log.open("ab") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited ({server.returncode}):\n{_tail(log)}")
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return server, base
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit(f"the server did not answer within 60 s:\n{_tail(log)}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop our server; a stalled one does not shut down gracefully, so it is killed."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


async def sign_in(client: httpx.AsyncClient, next_url: str) -> str:
    """The session token, through the sign-in form (the Secure cookies are carried by hand)."""
    form = await client.get("/sign-in", params={"next": next_url})
    form.raise_for_status()
    found = _CSRF_FIELD.search(form.text)
    if found is None:
        raise SystemExit("no sign_in_csrf field on /sign-in")
    # httpx will not send Secure cookies over plain http, so they go in a Cookie header
    answer = await client.post(
        "/sign-in",
        data={
            "username": USERNAME,
            "password": PASSWORD,
            "sign_in_csrf": found.group(1),
            "next": next_url,
        },
        headers={"Cookie": f"{SIGN_IN_COOKIE}={form.cookies[SIGN_IN_COOKIE]}"},
    )
    token = answer.cookies.get(SESSION_COOKIE)
    if answer.status_code != 303 or not token:
        raise SystemExit(f"sign-in failed: {answer.status_code} {answer.text[:300]}")
    return token


@dataclass
class Route:
    """One route under test, what a correct answer must contain, and what the run measured."""

    label: str
    path: str
    check: str  # a text every successful answer must contain
    latencies: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)  # "500", "timeout", … → count
    body_bytes: int = 0
    alone: float = 0.0  # median latency with one client at a time
    seconds: float = 0.0  # wall time of the timed run

    def p(self, percent: int) -> float:
        """A percentile of the timed run's latencies, in seconds."""
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[percent - 1]


class WrongAnswer(Exception):
    """A 200 whose body is not what the route must answer: the benchmark stops."""


async def hit(
    client: httpx.AsyncClient, route: Route, headers: dict[str, str]
) -> tuple[float, str]:
    """One request, body read in full: its latency in seconds and "200" or what went wrong."""
    t = time.perf_counter()
    try:
        answer = await client.get(route.path, headers=headers)
    except httpx.TimeoutException:
        return time.perf_counter() - t, "timeout"
    except httpx.TransportError as error:
        return time.perf_counter() - t, type(error).__name__
    elapsed = time.perf_counter() - t
    if answer.status_code == 200:
        if route.check not in answer.text:
            raise WrongAnswer(f"{route.path}: 200 without {route.check!r}: {answer.text[:300]}")
        route.body_bytes = len(answer.content)
    return elapsed, str(answer.status_code)


async def load(
    client: httpx.AsyncClient,
    route: Route,
    headers: dict[str, str],
    clients: int,
    requests: int,
    budget: float,
) -> tuple[list[float], Counter[str]]:
    """Up to `requests` requests from `clients` concurrent tasks, none started after `budget` s.

    A failed request counts with its latency: a user waited that long for the failure.
    """
    left = requests
    deadline = time.perf_counter() + budget
    latencies: list[float] = []
    failures: Counter[str] = Counter()

    async def one_client() -> None:
        nonlocal left
        while left > 0 and time.perf_counter() < deadline:
            left -= 1
            elapsed, outcome = await hit(client, route, headers)
            latencies.append(elapsed)
            if outcome != "200":
                failures[outcome] += 1

    await asyncio.gather(*(one_client() for _ in range(clients)))
    return latencies, failures


@dataclass(frozen=True)
class Load:
    """How hard and how long each route is driven."""

    clients: int
    requests: int
    warmup: int
    timeout: float
    budget: float


async def measure(base: str, route: Route, how: Load) -> None:
    """Sign in; time a few requests alone, warm up under load, then the timed run."""
    limits = httpx.Limits(max_connections=how.clients, max_keepalive_connections=how.clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=how.timeout) as client:
        headers = {"Cookie": f"{SESSION_COOKIE}={await sign_in(client, route.path)}"}
        alone = [(await hit(client, route, headers))[0] for _ in range(7)]
        route.alone = statistics.median(alone[2:])  # the first two warm the server up
        await load(client, route, headers, how.clients, how.warmup, how.budget)
        t = time.perf_counter()
        route.latencies, route.failures = await load(
            client, route, headers, how.clients, how.requests, how.budget
        )
        route.seconds = time.perf_counter() - t
    done = len(route.latencies)
    cut = f" (stopped after the {how.budget:g} s budget)" if done < how.requests else ""
    print(
        f"  {route.label:<42} {done}/{how.requests} requests in {route.seconds:6.1f} s "
        f"({done / route.seconds:6.1f}/s){cut}, {route.body_bytes:,} bytes each"
    )


def report(routes: list[Route], results: int) -> bool:
    """The table of latencies, the p95 ratios and the verdict; True if the target is met."""
    trivial, signed_in, page, json = routes
    print()
    print(
        f"route (signed in as a manager, {results:,} rows)      alone       p50       p95  failed"
    )
    for route in routes:
        bound = "≥" if route.failures["timeout"] else " "
        codes = ", ".join(f"{n}× {what}" for what, n in sorted(route.failures.items()))
        print(
            f"{route.label:<46} {route.alone * 1000:7.1f}ms"
            f" {bound}{route.p(50) * 1000:7.0f}ms {bound}{route.p(95) * 1000:7.0f}ms"
            f"  {sum(route.failures.values())}/{len(route.latencies)}"
            + (f" ({codes})" if codes else "")
        )
    page_ratio, json_ratio = page.p(95) / trivial.p(95), json.p(95) / trivial.p(95)
    for name, ratio, route in (("page", page_ratio, page), ("json", json_ratio, json)):
        bound = "≥ " if route.failures["timeout"] else ""
        print(f"p95 ratio {name} / trivial: {bound}{ratio:,.1f}x")
    # for reference: against a trivial route that also pays for the sign-in check
    for name, route in (("page", page), ("json", json)):
        bound = "≥ " if route.failures["timeout"] else ""
        print(
            f"p95 ratio {name} / signed-in trivial (/api/v1/me): "
            f"{bound}{route.p(95) / signed_in.p(95):,.1f}x"
        )
    met = page_ratio <= TARGET_RATIO and not page.failures and not trivial.failures
    print(
        f"target (p95 of the results page ≤ {TARGET_RATIO:g}x the trivial route, no failed "
        f"requests): {'met' if met else 'not met'}"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--requests", type=int, default=500, help="timed requests per route")
    parser.add_argument("--warmup", type=int, default=50, help="untimed requests under load")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request")
    parser.add_argument("--budget", type=float, default=300, help="seconds per timed run")
    parser.add_argument(
        "--database-url", default="sqlite", help="'sqlite' (a temp file, default) or a URL"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    how = Load(args.clients, args.requests, args.warmup, args.timeout, args.budget)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        database_url, month, results = prepare(args.database_url, args.people, args.seed, tmp)
        last = f"{100000 + args.people - 1}"  # the last 工号: in the JSON
        page = f"/months/{month}"
        routes = [
            Route("trivial  /api/v1/health", "/api/v1/health", '"ok"'),
            Route("signed-in trivial  /api/v1/me", "/api/v1/me", '"username"'),
            # the first page of the table (100 rows); the count shows every row was filtered
            Route(f"page     {page}", page, f"显示 {results} / {results} 人"),
            Route(f"json     /api/v1{page}/results", f"/api/v1{page}/results", last),
        ]
        print(
            f"uvicorn (1 worker, a fresh one per route); {how.clients} clients, "
            f"{how.warmup} warm-up and {how.requests} timed requests per route"
        )
        log = tmp / "uvicorn.log"
        for route in routes:
            server, base = start_server(database_url, log)
            try:
                asyncio.run(measure(base, route, how))
            except BaseException:
                print(f"server log (last lines):\n{_tail(log)}", file=sys.stderr)
                raise
            finally:
                stop_server(server)
    report(routes, results)
    print(f"total run time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
