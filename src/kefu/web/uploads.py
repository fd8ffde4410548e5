"""Uploaded import files: kept in a private folder until the preview is confirmed or expires.

Only a workbook (.xlsx, .xlsm) or a CSV file is kept, and a workbook must look like one (a zip
archive): anything else is refused with a message naming the problem before it is stored.
"""

from __future__ import annotations

import re
import secrets
import tempfile
import time
from pathlib import Path

from fastapi import UploadFile

from kefu.errors import KefuError, NotFound

ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".csv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx workbook is a zip archive
KEEP_SECONDS = 3600
MAX_NAME = 100  # file names are recorded (audit target, register source): keep them short
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def folder() -> Path:
    path = Path(tempfile.gettempdir()) / "kefu-uploads"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _expire() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for old in folder().iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def clean_name(filename: str | None) -> str:
    """The file's own name as shown and recorded: no folders, no control characters, ≤ 100."""
    name = _CONTROL.sub("", re.split(r"[\\/]", filename or "")[-1]).strip()
    if len(name) > MAX_NAME:
        suffix = Path(name).suffix[:10]
        name = name[: MAX_NAME - len(suffix) - 1] + "…" + suffix
    return name


def _check_type(name: str, suffix: str, content: bytes) -> None:
    """Refuse what cannot be an import file, naming the problem (nothing is stored)."""
    if suffix == ".xls":
        raise KefuError(
            f"「{name}」是旧版 Excel 文件(.xls)，不能导入:请在 Excel 中另存为 .xlsx 后重新上传"
        )
    if suffix not in ALLOWED_SUFFIXES:
        shown = suffix or "无扩展名"
        raise KefuError(f"不支持的文件类型「{shown}」，请上传 Excel 工作簿(.xlsx)或 CSV 文件(.csv)")
    if not content:
        raise KefuError(f"文件「{name}」是空的，没有可导入的内容")
    if suffix in WORKBOOK_SUFFIXES and not content.startswith(ZIP_MAGIC):
        raise KefuError(
            f"文件「{name}」不是有效的 Excel 工作簿(.xlsx)，无法打开；"
            "请在 Excel 中另存为 .xlsx 后重新上传"
        )


def save(upload: UploadFile) -> tuple[str, Path]:
    """Store an upload under a random token; only workbooks and CSV files are accepted.

    Called from a plain (threadpool) route: the body was already received and bounded by the
    upload limit; reading its spooled file here keeps the event loop free.
    """
    name = clean_name(upload.filename)
    suffix = Path(name).suffix.lower()
    upload.file.seek(0)
    content = upload.file.read()
    _check_type(name or "(无文件名)", suffix, content)
    _expire()
    token = secrets.token_urlsafe(24)
    path = folder() / f"{token}{suffix}"
    path.write_bytes(content)
    (folder() / f"{token}.name").write_text(name, encoding="utf-8")
    return token, path


def find(token: str) -> tuple[Path, str]:
    """The stored upload of a token and its original file name."""
    if not _TOKEN.match(token):
        raise NotFound("上传的文件不存在或已过期，请重新上传")
    for suffix in ALLOWED_SUFFIXES:
        path = folder() / f"{token}{suffix}"
        if path.is_file():
            name_file = folder() / f"{token}.name"
            name = name_file.read_text(encoding="utf-8") if name_file.is_file() else path.name
            return path, name
    raise NotFound("上传的文件不存在或已过期，请重新上传")


def discard(token: str) -> None:
    """Remove a stored upload and its name (after the import, or when the preview failed)."""
    if _TOKEN.match(token):
        for old in folder().glob(f"{token}.*"):
            old.unlink(missing_ok=True)
