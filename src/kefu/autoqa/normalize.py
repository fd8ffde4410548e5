"""One normalisation pass over Chinese transcript text (R-QA-2), and the way back to the original.

Both the phrase library and the transcripts go through the same pass, so a phrase matches however
it was typed: full-width letters and digits become half-width (NFKC), traditional characters
become simplified (the zhconv dictionary, one character to one character), capitals become small,
spaces and punctuation disappear, every kind of quotation mark becomes ``"`` (so a quoted phrase
can be told from a spoken one) and single-character fillers (嗯, 啊 …) disappear. Longer fillers
(那个, 就是 …) are cut by a small regex after the table. The pass is one ``str.translate`` with a
table built once per filler set; the offsets back into the original are only worked out for the
few turns where something was found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from zhconv import zhconv  # type: ignore[import-untyped]

SEP = "\x1e"
"""Joins the turns of one speaker in the normalised text; no phrase ever crosses it."""
QUOTE = '"'
QUOTES = "\"'“”‘’「」『』«»〝〞＂＇‹›"
GAP = "…"
"""In a library phrase: up to a few characters of anything (within one turn)."""
NUMBER = "#"
"""In a library phrase: a number (digits or Chinese numerals)."""
GAP_PATTERN = "[^\x1e]{0,12}?"
NUMBER_PATTERN = "[0-9零〇一二两三四五六七八九十百千]+"

_KEEP_CATEGORIES = ("L", "N", "M")


def _ranges() -> Iterable[int]:
    yield from range(0x0000, 0x3400)
    yield from range(0xA000, 0xAC00)
    yield from range(0xF900, 0x10000)


@lru_cache(maxsize=1)
def _base_table() -> dict[int, str | None]:
    """The filler-free table: width, case, traditional → simplified, punctuation, quotes."""
    table: dict[int, str | None] = {}
    for trad, simp in zhconv.getdict("zh-cn").items():
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            table[ord(trad)] = simp
    for code in _ranges():
        char = chr(code)
        if char == SEP:
            continue
        if char in QUOTES:
            table[code] = QUOTE
            continue
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) != 1:
            folded = char
        if len(folded.lower()) == 1:
            folded = folded.lower()
        if not unicodedata.category(folded).startswith(_KEEP_CATEGORIES):
            table[code] = None
        elif folded != char:
            table[code] = table.get(ord(folded), folded)
    return table


@lru_cache(maxsize=64)
def _tables(fillers: tuple[str, ...]) -> tuple[dict[int, str | None], re.Pattern[str] | None]:
    table = dict(_base_table())
    long_fillers: list[str] = []
    for filler in fillers:
        folded = filler.translate(table)
        if len(folded) == 1:
            table[ord(folded)] = None
            for code, value in list(table.items()):
                if value == folded:
                    table[code] = None
        elif folded:
            long_fillers.append(folded)
    long_fillers.sort(key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, long_fillers))) if long_fillers else None
    return table, pattern


def _char_class(chars: Iterable[str]) -> str:
    """A regex character class of ``chars``, as ranges."""
    codes = sorted({ord(c) for c in chars})
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        low, high = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(low if i == j else f"{low}-{high}")
        i = j + 1
    return "[" + "".join(parts) + "]"


@lru_cache(maxsize=64)
def _dropped(fillers: tuple[str, ...]) -> re.Pattern[str]:
    table, _long = _tables(fillers)
    return re.compile(_char_class(chr(code) for code, value in table.items() if value is None))


def _shift(dropped: list[int], index: int) -> int:
    """The index before dropping, of ``index`` after dropping the sorted positions ``dropped``."""
    for position in dropped:
        if position <= index:
            index += 1
        else:
            break
    return index


class Normaliser:
    """The pass for one filler set; ``text`` folds, ``positions`` maps folded → original."""

    __slots__ = ("dropped", "fillers", "long_fillers", "table")

    def __init__(self, fillers: Iterable[str] = ()) -> None:
        self.fillers = tuple(sorted(set(fillers)))
        self.table, self.long_fillers = _tables(self.fillers)
        self.dropped = _dropped(self.fillers)

    def text(self, raw: str) -> str:
        """The folded text (turn separators kept)."""
        folded = raw.translate(self.table)
        if self.long_fillers is not None:
            folded = self.long_fillers.sub("", folded)
        return folded

    def mapper(self, raw: str) -> Callable[[int], int]:
        """folded index → index in ``raw`` (only the dropped characters are looked for)."""
        first = [m.start() for m in self.dropped.finditer(raw)]
        second: list[int] = []
        if self.long_fillers is not None:
            for found in self.long_fillers.finditer(raw.translate(self.table)):
                second.extend(range(found.start(), found.end()))

        def back(index: int) -> int:
            return _shift(first, _shift(second, index))

        return back

    def span(self, raw: str, start: int, end: int) -> tuple[int, int]:
        """The span of ``raw`` that the folded span [start, end) came from (end exclusive)."""
        if start >= end:
            return len(raw), len(raw)
        back = self.mapper(raw)
        return back(start), back(end - 1) + 1

    def positions(self, raw: str) -> tuple[str, list[int]]:
        """The folded text and, for each of its characters, its index in ``raw``."""
        back = self.mapper(raw)
        text = self.text(raw)
        return text, [back(i) for i in range(len(text))]
