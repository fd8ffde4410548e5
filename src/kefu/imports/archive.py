"""Zip archives from users (workbooks, bundles of transcripts), checked before they are read.

A zip says how many files it holds and how large each one is unpacked, and may lie. Before
anything is unpacked the count and the declared sizes are checked against the application's
bounds (Settings ``import_max_entries``, ``import_max_unpacked_bytes``, ``import_max_ratio``);
while a file is unpacked its actual size is counted, so a file larger than it declared, or an
archive larger in all than the bound, is refused as soon as the bound is passed.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kefu.config import get_settings

CHUNK = 64 * 1024
# Below this unpacked size an entry's compression ratio does not matter.
RATIO_FROM_BYTES = 1024 * 1024
# The "end of central directory" record closes every zip: 22 bytes and a comment of ≤ 64 KB.
_EOCD = b"PK\x05\x06"
_EOCD_MAX = 22 + 65_535
# Each entry of the central directory takes at least 46 bytes plus its name.
_CENTRAL_ENTRY_BYTES = 46


class ArchiveRefused(Exception):
    """The archive cannot or may not be unpacked; ``reason`` says why in Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ArchiveBounds:
    """How much an archive may hold."""

    max_entries: int
    max_unpacked_bytes: int
    max_ratio: int

    @classmethod
    def from_settings(cls) -> ArchiveBounds:
        settings = get_settings()
        return cls(
            settings.import_max_entries,
            settings.import_max_unpacked_bytes,
            settings.import_max_ratio,
        )


def size_text(n: int) -> str:
    """A byte count as people read it: 256 MB, 1.5 KB, 300 字节."""
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} 字节"


def _declared_entries(source: IO[bytes]) -> tuple[int, int] | None:
    """The entry count and central-directory size the archive's last record declares.

    Read before ``zipfile`` builds one object per entry, so that a zip declaring millions of
    files is refused without that cost. None when the record is not found (not a zip).
    """
    source.seek(0, 2)
    size = source.tell()
    start = max(0, size - _EOCD_MAX)
    source.seek(start)
    tail = source.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    entries, central_size = struct.unpack("<HI", tail[at + 10 : at + 16])
    return entries, central_size


class Archive:
    """An opened, checked zip archive; read its files with ``read`` or ``stream``."""

    def __init__(self, source: Path | IO[bytes], bounds: ArchiveBounds | None = None) -> None:
        self.bounds = bounds or ArchiveBounds.from_settings()
        self.unpacked = 0  # bytes unpacked so far, over all files
        handle: IO[bytes] = source.open("rb") if isinstance(source, Path) else source
        try:
            self._zip = self._open(handle)
        except BaseException:
            if isinstance(source, Path):
                handle.close()
            raise
        self._owned = handle if isinstance(source, Path) else None

    def _open(self, handle: IO[bytes]) -> zipfile.ZipFile:
        bounds = self.bounds
        declared = _declared_entries(handle)
        if declared is None:
            raise ArchiveRefused("不是有效的 zip 压缩文件(文件已损坏或是其他类型的文件)")
        entries, central_size = declared
        most = bounds.max_entries
        too_many = f"压缩文件中的文件过多:最多 {most:,} 个"
        if entries != 0xFFFF and entries > most:
            raise ArchiveRefused(f"{too_many}，此文件声明了 {entries:,} 个")
        if central_size != 0xFFFFFFFF and central_size > most * (_CENTRAL_ENTRY_BYTES + 1024):
            raise ArchiveRefused(too_many)
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise ArchiveRefused("不是有效的 zip 压缩文件(文件已损坏或是其他类型的文件)") from None
        infos = archive.infolist()
        if len(infos) > most:
            archive.close()
            raise ArchiveRefused(f"{too_many}，此文件有 {len(infos):,} 个")
        total = sum(info.file_size for info in infos)
        if total > bounds.max_unpacked_bytes:
            archive.close()
            raise ArchiveRefused(
                f"压缩文件解压后过大:声明的解压大小共 {size_text(total)}，"
                f"最多 {size_text(bounds.max_unpacked_bytes)}"
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FROM_BYTES and ratio > bounds.max_ratio:
                archive.close()
                raise ArchiveRefused(
                    f"压缩文件中的「{info.filename[:100]}」压缩比异常({ratio:,.0f} 倍，"
                    f"最多 {bounds.max_ratio} 倍)，疑似压缩炸弹"
                )
        return archive

    def infos(self) -> list[zipfile.ZipInfo]:
        """The archive's files (folders left out)."""
        return [info for info in self._zip.infolist() if not info.is_dir()]

    def names(self) -> set[str]:
        return set(self._zip.namelist())

    def find(self, name: str) -> zipfile.ZipInfo | None:
        """The entry of ``name``; compared without case when no entry has it exactly."""
        try:
            return self._zip.getinfo(name)
        except KeyError:
            folded = name.casefold()
            return next((i for i in self._zip.infolist() if i.filename.casefold() == folded), None)

    def stream(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The unpacked bytes of one file in chunks, counted against the bounds as they come."""
        seen = 0
        try:
            with self._zip.open(info) as entry:
                while chunk := entry.read(CHUNK):
                    seen += len(chunk)
                    self.unpacked += len(chunk)
                    if seen > info.file_size:
                        raise ArchiveRefused(
                            f"压缩文件中的「{info.filename[:100]}」比它声明的大小"
                            f"({size_text(info.file_size)})更大，文件已损坏或被篡改"
                        )
                    if self.unpacked > self.bounds.max_unpacked_bytes:
                        raise ArchiveRefused(
                            f"压缩文件解压后过大:最多 {size_text(self.bounds.max_unpacked_bytes)}"
                        )
                    yield chunk
        except zipfile.BadZipFile:
            raise ArchiveRefused(
                f"压缩文件中的「{info.filename[:100]}」与它声明的大小或校验码不符，"
                "文件已损坏或被篡改"
            ) from None
        except (OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise ArchiveRefused(
                f"压缩文件中的「{info.filename[:100]}」无法解压(文件已损坏):{exc}"[:300]
            ) from None

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """One file's unpacked bytes, counted against the bounds."""
        return b"".join(self.stream(info))

    def close(self) -> None:
        self._zip.close()
        if self._owned is not None:
            self._owned.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
