"""Uploaded import files: kept in a private folder until the preview is confirmed or expires."""

from __future__ import annotations

import re
import secrets
import tempfile
import time
from pathlib import Path

from fastapi import UploadFile

from kefu.errors import KefuError, NotFound

ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".csv")
KEEP_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def folder() -> Path:
    path = Path(tempfile.gettempdir()) / "kefu-uploads"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _expire() -> None:
    cutoff = time.time() - KEEP_SECONDS
    for old in folder().iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


async def save(upload: UploadFile) -> tuple[str, Path]:
    """Store an upload under a random token; only workbook and CSV names are accepted."""
    name = Path(upload.filename or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise KefuError(
            f"不支持的文件类型「{suffix or '无扩展名'}」，请上传 Excel 工作簿(.xlsx)或 CSV 文件(.csv)"
        )
    _expire()
    token = secrets.token_urlsafe(24)
    path = folder() / f"{token}{suffix}"
    path.write_bytes(await upload.read())
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
    if _TOKEN.match(token):
        for old in folder().glob(f"{token}.*"):
            old.unlink(missing_ok=True)
