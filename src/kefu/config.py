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
    # the database as the schema's owner, for migrations (kefu init); empty: database_url. When
    # set, the app and the other commands never migrate: they check the schema is up to date
    migration_database_url: str = ""
    user: str = ""
    lang: str = "zh"
    # sign-in security (not HR policy). Failed sign-ins are counted per account (the username as
    # typed) and per client address; past the free failures each further attempt waits
    # base × 2^(failures − free) seconds, at most the cap. Failures older than the window are
    # forgotten. A call center's agents often share one address, so it gets more free failures.
    login_free_failures_account: int = 5
    login_free_failures_address: int = 20
    login_backoff_base_seconds: int = 2
    login_backoff_max_seconds: int = 300
    login_failure_window_minutes: int = 15
    # a session ends after this many hours, or sooner when left unused for the idle minutes
    session_hours: int = 12
    session_idle_minutes: int = 30
    # API tokens expire after this many days unless created with another (kefu user token --days)
    api_token_days: int = 90
    # argon2id cost of new password hashes (argon2-cffi's recommended defaults); hashes made
    # with other costs are upgraded at the next sign-in
    password_hash_time_cost: int = 3
    password_hash_memory_kib: int = 65536
    password_hash_parallelism: int = 4
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

    def resolved_migration_database_url(self) -> str:
        """Where migrations run: KEFU_MIGRATION_DATABASE_URL, else the app's own database URL."""
        return self.migration_database_url or self.resolved_database_url()

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
