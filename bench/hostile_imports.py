"""Benchmark: every hostile import file against `kefu import` and the web preview of a real server.

Feeds the committed corpus (tests/imports/hostile/files/) plus large cases generated at run time
into a temporary folder (a 1,000,000-row CSV, a 40,000-row valid workbook, an archive of 10,001
files) to

- `kefu import FILE` in a subprocess: exit code, seconds, peak memory (the child's own
  rusage, from os.wait4);
- POST /imports/preview on a uvicorn server started for the run (127.0.0.1, a temporary SQLite
  database with one manager account, an API token and one employee): status, seconds, the
  server's peak memory during that upload (VmHWM of /proc/PID/status, reset before each file),
  and whether /api/v1/health answered within 1 s throughout (polled every 0.2 s).

Prints one row per file and exits 1 when a bound is broken: a file over 10 s or 500 MB, the
server not answering its health check within 1 s, a crash (exit code other than 0 or 2, a 5xx,
a dead server), or a hostile file accepted (only the files named valid_* should be).

    python bench/hostile_imports.py
    python bench/hostile_imports.py --only zip_bomb_300mb.xlsx --keep
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tests.imports.hostile import make_corpus  # noqa: E402

from kefu.accounts.service import add_user, create_api_token  # noqa: E402
from kefu.db import engine_for, migrate, unit_of_work  # noqa: E402
from kefu.imports.service import import_file  # noqa: E402
from web_load import start_server, stop_server  # noqa: E402

CORPUS = ROOT / "tests" / "imports" / "hostile" / "files"
MAX_SECONDS = 10.0
MAX_MB = 500.0
HEALTH_SECONDS = 1.0
HEALTH_EVERY = 0.2
KILL_AFTER = 120.0  # a run this long is stopped (and fails its bound)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Outcome:
    """What one file did to one surface."""

    outcome: str
    seconds: float
    peak_mb: float
    health: str = ""  # the web only: "ok (max 0.01 s)" or what went wrong
    broken: list[str] = field(default_factory=list)


def _kind(path: Path) -> list[str]:
    if path.suffix != ".csv":
        return []
    return ["--kind", "roster" if "roster" in path.name else "monthly-scores"]


def accepted_expected(path: Path) -> bool:
    return path.name.startswith("valid_")


def prepare(folder: Path) -> tuple[str, str]:
    """A migrated SQLite database with a manager, an API token and employee H0001."""
    url = f"sqlite:///{folder / 'kefu.sqlite3'}"
    engine = engine_for(url)
    migrate(engine)
    roster = folder / "roster.csv"
    person = [*make_corpus.EMPLOYEE, "正式", "", "", ""]
    roster.write_text(
        ",".join(make_corpus.ROSTER) + "\n" + ",".join(person) + "\n", encoding="utf-8"
    )
    with unit_of_work(engine) as session:
        add_user(session, "bench", "manager", "Hostile-files-bench-7c41", "manager")
        token = create_api_token(session, "bench", "manager", "hostile imports bench")
        import_file(session, roster, "roster", "bench", date.today())
    engine.dispose()
    return url, token


_last_child_peak: dict[int, float] = {}


def _reap_with_rusage(child: subprocess.Popen[str]) -> None:
    """Wait for the child with wait4 so its own peak memory is known (in MB)."""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    _last_child_peak[child.pid] = usage.ru_maxrss / 1024


def run_cli_measured(path: Path, url: str) -> Outcome:
    """As run_cli, but the child is reaped with wait4 for its own rusage."""
    env = os.environ | {"KEFU_DATABASE_URL": url, "KEFU_USER": "bench"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    command = [sys.executable, "-m", "kefu.cli.main", "import", str(path), *_kind(path)]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=out, stderr=err, text=True)
        timer = threading.Timer(KILL_AFTER, child.kill)
        timer.start()
        _reap_with_rusage(child)
        timer.cancel()
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        lines = (err.read() or out.read()).strip().splitlines()
    code = child.returncode
    assert code is not None
    reason = lines[1] if code == 2 and len(lines) > 1 else (lines[0] if lines else "")
    if code == 0:
        text = "exit 0 imported"
    elif code == 2:
        text = f"exit 2 refused: {_short(reason)}"
    elif code < 0:
        text = f"killed by signal {-code}"
    else:
        text = f"exit {code}: {_short(reason)}"
    result = Outcome(text, seconds, _last_child_peak.pop(child.pid, 0.0))
    if code not in (0, 2):
        result.broken.append(f"crashed (exit {code})")
    if (code == 0) != accepted_expected(path):
        result.broken.append("accepted a hostile file" if code == 0 else "refused a valid file")
    return result


def _short(text: str, most: int = 70) -> str:
    text = re.sub(r"^工作表「[^」]*」(，[^:]*)?:", "", text.strip())
    return text if len(text) <= most else text[: most - 1] + "…"


# --- the server -----------------------------------------------------------------------------


class Server:
    """`uvicorn kefu.web.app:create_app --factory` on 127.0.0.1, as `kefu serve` runs it."""

    def __init__(self, url: str, log: Path) -> None:
        self.url, self.log = url, log
        self.start()

    def start(self) -> None:
        self.process, self.base = start_server(self.url, self.log)

    def alive(self) -> bool:
        return self.process.poll() is None

    def reset_peak(self) -> None:
        """Start VmHWM again from the current size (Linux: clear_refs 5)."""
        with contextlib.suppress(OSError):
            Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")

    def peak_mb(self) -> float:
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0.0
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(found.group(1)) / 1024 if found else 0.0

    def stop(self) -> None:
        stop_server(self.process)


class HealthWatch:
    """Polls /api/v1/health while an upload runs; notes the slowest answer and every miss."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.slowest = 0.0
        self.misses: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=HEALTH_SECONDS) as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                try:
                    answer = client.get(f"{self.base}/api/v1/health")
                    waited = time.perf_counter() - started
                    self.slowest = max(self.slowest, waited)
                    if answer.status_code != 200:
                        self.misses.append(str(answer.status_code))
                    elif waited > HEALTH_SECONDS:
                        self.misses.append(f"{waited:.1f} s")
                except httpx.HTTPError as error:
                    self.misses.append(type(error).__name__)
                self._stop.wait(HEALTH_EVERY)

    def __enter__(self) -> HealthWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def run_web(path: Path, server: Server, token: str) -> Outcome:
    """POST the file to /imports/preview while the health check is polled."""
    if not server.alive():
        server.start()
    server.reset_peak()
    kind = _kind(path)
    data = {"kind": kind[1]} if kind else {}
    content_type = "text/csv" if path.suffix == ".csv" else XLSX
    started = time.perf_counter()
    with HealthWatch(server.base) as watch:
        try:
            answer = httpx.post(
                f"{server.base}/imports/preview",
                data=data,
                files={"file": (path.name, path.read_bytes(), content_type)},
                headers={"Authorization": f"Bearer {token}"},
                timeout=KILL_AFTER,
            )
            status = answer.status_code
            text = f"{status} {_page_reason(answer)}"
        except httpx.HTTPError as error:
            status, text = 0, f"no answer ({type(error).__name__})"
    seconds = time.perf_counter() - started
    result = Outcome(_short(text, 75), seconds, server.peak_mb())
    result.health = (
        f"ok (slowest {watch.slowest:.2f} s)"
        if not watch.misses
        else f"MISSED {len(watch.misses)}×: {', '.join(watch.misses[:3])}"
    )
    if watch.misses:
        result.broken.append("health check missed")
    if not server.alive():
        result.broken.append(f"server died (exit {server.process.returncode})")
    if status == 0 or status >= 500:
        result.broken.append("no answer or a 5xx")
    if (status == 200) != accepted_expected(path):
        result.broken.append("accepted a hostile file" if status == 200 else "refused a valid file")
    return result


def _page_reason(answer: httpx.Response) -> str:
    if answer.status_code == 200:
        return "preview ok"
    cells = re.findall(r"<td>([^<]*)</td>\s*</tr>", answer.text)
    if cells:
        return cells[0]
    found = re.search(r'<p class="error">([^<]+)', answer.text) or re.search(
        r'role="alert">(?:<strong>)?([^<]+)', answer.text
    )
    return found.group(1).strip() if found else answer.text[:60]


# --- the run --------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", action="append", default=[], help="run only these files")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kefu-hostile-"))
    print(f"temporary folder: {folder}")
    big = make_corpus.write(folder / "big", make_corpus.big_corpus())
    files = sorted(CORPUS.iterdir()) + big
    if args.only:
        files = [f for f in files if f.name in args.only]
    url, token = prepare(folder)
    # `kefu import` of a missing file: the command's own start-up (imports, schema check),
    # which every run pays before it reads a byte; the bounds apply to the time above it
    start_up = run_cli_measured(folder / "missing.csv", url)
    print(
        f"start-up of `kefu import` (a missing file): {start_up.seconds:.2f} s, "
        f"{start_up.peak_mb:.0f} MB",
        flush=True,
    )
    server = Server(url, folder / "server.log")
    rows: list[tuple[Path, Outcome, Outcome]] = []
    try:
        for path in files:
            cli = run_cli_measured(path, url)
            web = run_web(path, server, token)
            rows.append((path, cli, web))
            load = os.getloadavg()[0]
            print(
                f"  {path.name}: cli {cli.seconds:.2f} s, web {web.seconds:.2f} s "
                f"(load average {load:.1f} on {os.cpu_count()} cores)",
                flush=True,
            )
    finally:
        server.stop()
    broken = report(rows, start_up.seconds)
    if not args.keep:
        for path in sorted(folder.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        folder.rmdir()
    return 1 if broken else 0


def report(rows: list[tuple[Path, Outcome, Outcome]], start_up: float) -> int:
    """Print the table (markdown) and every broken bound; return how many were broken.

    The command's seconds are shown whole and above its start-up (the bound applies to that).
    """
    print()
    print(
        "| file | size | `kefu import` | s (above start-up) | MB | web preview | s "
        "| server MB | health ≤ 1 s |"
    )
    print("|---|---:|---|---:|---:|---|---:|---:|---|")
    broken = 0
    for path, cli, web in rows:
        if cli.seconds - start_up > MAX_SECONDS:
            cli.broken.append(f"over {MAX_SECONDS:.0f} s above start-up")
        if web.seconds > MAX_SECONDS:
            web.broken.append(f"over {MAX_SECONDS:.0f} s")
        for surface in (cli, web):
            if surface.peak_mb > MAX_MB:
                surface.broken.append(f"over {MAX_MB:.0f} MB")
        size = path.stat().st_size
        shown = f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.1f} KB"
        print(
            f"| {path.name} | {shown} | {cli.outcome} | {cli.seconds:.2f} "
            f"({max(0.0, cli.seconds - start_up):.2f}) | {cli.peak_mb:.0f} "
            f"| {web.outcome} | {web.seconds:.2f} | {web.peak_mb:.0f} | {web.health} |"
        )
        broken += len(cli.broken) + len(web.broken)
    print()
    for path, cli, web in rows:
        for name, surface in (("kefu import", cli), ("web preview", web)):
            for what in surface.broken:
                print(f"BOUND BROKEN: {path.name} ({name}): {what}")
    print(
        f"{len(rows)} files; bounds: ≤ {MAX_SECONDS:.0f} s, ≤ {MAX_MB:.0f} MB, health within "
        f"{HEALTH_SECONDS:.0f} s; {broken} broken"
    )
    return broken


if __name__ == "__main__":
    sys.exit(main())
