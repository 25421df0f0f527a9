"""Cut a scraped text into the units the boilerplate classifier judges.

A unit is a paragraph: one line, or a blank-line-separated block of a hard-wrapped text
(Markdown converters wrap at about 78 characters, so a paragraph spans several lines), or, in a
text that holds a whole page on a few very long lines (jusText joins paragraphs with a space),
one sentence of such a line. Each unit keeps where it came from so the kept ones can be joined
back with the page's own breaks.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate

from storyline.clean.lexicon import (
    month_abbreviations,
    month_numbers,
    title_abbreviations,
    weekday_numbers,
)

_LIST_MARK = re.compile(r"^\s*(?:[*+•·▪►-]|\d{1,3}[.)])\s+")
# A list's bullet symbol is layout; an ordered list's number ("3)", "12.") is part of the item.
_BULLET_SYMBOL = re.compile(r"^\s*[*+•·▪►-]\s+")
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s*")
_QUOTE_MARK = re.compile(r"^\s*>\s?")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")
_SPACES = re.compile(r"[ \t\u00a0]+")
# A sentence ends at . ! ? (and closing quotes) before a space and a capital or opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’»)]*\s+(?=[\"“«(]?[A-ZÀ-ÖØ-ÞА-ЯЁ0-9])")
_HEADING_LINE = re.compile(r"^\s*#{1,6}\s")
_WORD_CHAR = re.compile(r"\w")
_LONG_LINE = 2500
# In a text of a few very long lines (paragraphs joined with spaces), lines past this are cut.
_JOINED_LINE = 400


@dataclass
class Unit:
    """One paragraph (or sentence of a page-long line) of the input."""

    text: str  # the unit as it reads, Markdown marks and hard wraps undone
    raw: str  # the unit as it was in the input
    para: int  # index of the input paragraph it belongs to
    blank_before: bool  # a blank line separated it from the previous paragraph
    bullet: bool = False
    heading: bool = False
    inline: bool = False  # a sentence cut out of a long line, not a paragraph of its own
    line: int = 0  # index of its first line in the input


def _wrap_width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text was wrapped at, or None when it is not hard-wrapped.

    Most long lines end within a few characters of one width (a few long URLs or table rows
    may pass it) and run on into the next line.
    """
    lengths = [len(line.rstrip()) for line in lines if len(line.strip()) >= 40]
    if len(lengths) < 8:
        return None
    # Hard wrapping leaves a sharp edge: many lines end just short of the width, few just past.
    # up_to[n]: how many lines are at most n characters long (n up to 111)
    histogram = Counter(min(n, 112) for n in lengths)
    up_to = list(accumulate(histogram.get(n, 0) for n in range(113)))
    width, best = 0, 0
    for candidate in range(60, 101):
        within = up_to[candidate] - up_to[candidate - 11]
        above = up_to[candidate + 10] - up_to[candidate]
        if within >= 5 and above <= 0.1 * within and within > best:
            width, best = candidate, within
    if not width:
        return None
    wrapped = 0
    for i, line in enumerate(lines[:-1]):
        if width - 30 <= len(line.rstrip()) <= width and lines[i + 1].strip():
            wrapped += 1
    return width if wrapped >= max(5, 0.1 * len(lengths)) else None


def _is_markdown(lines: list[str]) -> bool:
    marked = sum(1 for line in lines if _LIST_MARK.match(line) or _HEADING_MARK.match(line))
    headings = sum(1 for line in lines if _HEADING_LINE.match(line))
    return (headings >= 1 and marked >= 3) or marked >= max(8, 0.2 * len(lines))


def plain(raw: str, markdown: bool) -> str:
    """The words of a unit without Markdown marks and with single spaces."""
    text = raw
    if markdown:  # each mark's own character first: most paragraphs have none
        if "](" in text:
            text = _MD_IMAGE.sub(r"\1", text)
            text = _MD_LINK.sub(r"\1", text)
        if "#" in text:
            text = _HEADING_MARK.sub("", text)
        if ">" in text:
            text = _QUOTE_MARK.sub("", text)
        if "*" in text or "_" in text:
            text = _MD_EMPHASIS.sub("", text)
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\u00ad", "")
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def sentences(text: str) -> list[str]:
    """`text` cut at its sentence ends, but not after an initial ("Sonya A. Cruz"), a title
    before a name ("Gen. Ivanov") or a month abbreviation before a number ("on Nov. 5")."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[max(start, match.start() - 30) : match.start()].split()
        following = text[match.end() : match.end() + 20].split(maxsplit=1)[0]
        if before and _abbreviation_ends(before[-1].lstrip('(["“'), following):
            continue
        pieces.append(text[start : match.start()])
        start = match.end()
    pieces.append(text[start:])
    return pieces


def _abbreviation_ends(word: str, following: str) -> bool:
    """`word` (with its final period) is an abbreviation that does not end the sentence
    before `following`, the next word."""
    if not word.endswith("."):
        return False
    stem = word[:-1]
    if len(stem) == 1 and stem.isupper():
        return True  # an initial
    lowered = stem.lower()
    if lowered in title_abbreviations():
        return True
    if lowered in ("a.m", "p.m"):  # "at 10 a.m. Friday, Dec. 6"
        return following.strip(",.").lower() in _date_names()
    return following[:1].isdigit() and lowered in month_abbreviations()


@functools.cache
def _date_names() -> frozenset[str]:
    return frozenset(month_numbers()) | frozenset(weekday_numbers())


def segment(text: str) -> list[Unit]:
    """The units of `text`, in order."""
    lines = text.split("\n")
    markdown = _is_markdown(lines)
    width = _wrap_width(lines)
    filled = [line for line in lines if line.strip()]
    joined = len(filled) <= 3 or sum(len(x) for x in filled) / len(filled) > 1500
    units: list[Unit] = []
    para = -1
    blank = False
    block: list[str] = []
    block_line = 0

    def flush() -> None:
        nonlocal para, blank
        if not block:
            return
        raw = "\n".join(block)
        block.clear()
        para += 1
        first = raw.lstrip()
        bullet = bool(_LIST_MARK.match(first))
        heading = markdown and bool(_HEADING_MARK.match(first))
        body = raw
        if markdown and bullet:
            body = _BULLET_SYMBOL.sub("", raw, count=1)
        words = plain(body, markdown)
        if not _WORD_CHAR.search(words):
            blank = True
            return
        if len(words) > _LONG_LINE or (joined and len(words) > _JOINED_LINE):
            pieces = [p for p in sentences(words) if p.strip()]
            for i, piece in enumerate(pieces):
                units.append(
                    Unit(
                        piece.strip(),
                        piece,
                        para,
                        blank and i == 0,
                        bullet,
                        heading,
                        True,
                        block_line,
                    )
                )
        else:
            units.append(Unit(words, raw, para, blank, bullet, heading, False, block_line))
        blank = False

    for number, line in enumerate(lines):
        if not line.strip():
            flush()
            blank = True
            continue
        starts_item = bool(_LIST_MARK.match(line) or _HEADING_MARK.match(line)) and markdown
        if width and block and not starts_item and len(block[-1].rstrip()) >= width - 30:
            block.append(line.strip())
            continue
        flush()
        block_line = number
        block.append(line)
    flush()
    return units


def join(units: list[Unit]) -> str:
    """Kept units joined with the page's own breaks: sentences of one line stay one line."""
    out: list[str] = []
    prev: Unit | None = None
    for unit in units:
        if prev is not None:
            if unit.para == prev.para and unit.inline:
                out.append(" ")
            else:
                out.append("\n\n" if unit.blank_before else "\n")
        out.append(unit.text)
        prev = unit
    return "".join(out).strip()
