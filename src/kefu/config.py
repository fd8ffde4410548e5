"""Settings from the environment (KEFU_*), one instance."""

from __future__ import annotations

import getpass
import os
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where the database is, who is acting, which language to speak."""

    model_config = SettingsConfigDict(env_prefix="KEFU_", extra="ignore")

    database_url: str = ""
    user: str = ""
    lang: str = "zh"
    # sign-in security (not HR policy): lockout after repeated failures, session length
    login_max_failures: int = 5
    login_lock_minutes: int = 15
    session_hours: int = 12
    # worker threads of the web server, and database connections per process (at least as
    # many as the threads, so no request waits for a connection)
    web_threads: int = 8
    db_pool_size: int = 40
    # the largest upload the web app accepts, in bytes
    max_upload_bytes: int = 20 * 1024 * 1024
    # what an import file (workbook, CSV, zip of transcripts) may hold; beyond, it is refused
    # with a message naming the bound, before anything large is built in memory
    import_max_rows: int = 200_000  # rows of one sheet (or CSV file)
    import_max_columns: int = 200  # columns of one sheet (or CSV row)
    import_max_cells: int = 4_000_000  # rows × columns of one sheet's used area
    import_max_unpacked_bytes: int = 256 * 1024 * 1024  # a zip archive's contents, unpacked
    import_max_entries: int = 10_000  # files in a zip archive
    import_max_ratio: int = 200  # unpacked ÷ packed size of one large archive entry
    import_max_line_chars: int = 200_000  # characters of one CSV line (csv allows 131,072 a field)
    # problems listed in a refusal (message, page, JSON); the rest are counted
    import_shown_problems: int = 200
    # the center's own holiday schedules (one YAML file a year), added to or overriding the
    # statutory calendar package; default ./var/calendar/
    calendar_dir: str = ""

    def resolved_database_url(self) -> str:
        """The configured URL, or a SQLite file under ./var/ (the embedded default)."""
        if self.database_url:
            return self.database_url
        var = Path.cwd() / "var"
        var.mkdir(exist_ok=True)
        return f"sqlite:///{var / 'kefu.sqlite3'}"

    def resolved_calendar_dir(self) -> Path:
        """Where the center's holiday schedule files are: KEFU_CALENDAR_DIR, else ./var/calendar/."""
        if self.calendar_dir:
            return Path(self.calendar_dir)
        return Path.cwd() / "var" / "calendar"

    def actor(self) -> str:
        """Who is changing things (recorded in revisions): KEFU_USER, else the login name."""
        if self.user:
            return self.user
        try:
            return getpass.getuser()
        except Exception:
            return os.environ.get("USER", "unknown")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
