"""Pages that hold several stories: find where a new story starts and cut the page there.

A new story starts at a headline line followed by a new lead. The evidence, weighed together:

* the headline: no final full stop, 4–25 words, headline capitalisation ("Chilean Trade Minister
  Warns …") or an attribution tail ("… - Kremlin");
* the lead after it: a paragraph that opens a story on its own, typically a wire lead that names
  who said it and when ("…, Peruvian cabinet spokesman Jorge Salinas said Tuesday."),
  and does not start by leaning on what came before ("He", "But", "separately");
* the text before it stops short (a scraped story cut off mid-sentence);
* both sides carry enough prose to be stories (a sub-heading or a teaser list does not).

Each section keeps the page's source; its headline becomes its title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.clean.boilerplate import furniture_kind
from storyline.clean.segment import Unit, segment

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?。！？][\"”’»)\]]*$")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday)"
_LEAD_ATTRIBUTION = re.compile(
    rf"\b(?:said|says|told|announced|reported|stated|confirmed|warned|declared)"
    rf"(?:\s+\w+){{0,2}}?\s+(?:on\s+)?{_WEEKDAY}\b"
)
_LEAD_DAY = re.compile(rf"\bon {_WEEKDAY}\b")
_ATTRIBUTION_TAIL = re.compile(r"\s[-–—]\s[A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*){0,2}$")
_CONTINUATION = re.compile(
    r"^(?:he|she|they|it|its|his|her|their|this|that|these|those|but|and|however|meanwhile|"
    r"also|still|yet|so|then|in addition|moreover|separately)\b",
    re.IGNORECASE,
)
_LEANS_BACK = re.compile(r"\b(separately|meanwhile|also|too|as well|in addition)\b", re.IGNORECASE)

MIN_SECTION_WORDS = 60
SPLIT_SCORE = 4


@dataclass(frozen=True)
class Section:
    """One story of a page: its headline (None for the first) and its text as read."""

    title: str | None
    text: str


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_prose(unit: Unit) -> bool:
    return len(_words(unit.text)) >= 10 and bool(_SENTENCE_END.search(unit.text))


def _headline_score(unit: Unit) -> int:
    text = unit.text
    words = text.split()
    if unit.bullet or not 4 <= len(words) <= 25 or _SENTENCE_END.search(text):
        return -10
    if text[:1] in "[(—–-@#*" or "@" in text or text.isupper() or furniture_kind(text):
        return -10  # a link, a tweet's signature, a shouted teaser, a "Related:" line
    score = 0
    long = [w for w in words if len(w) > 3 and w[0].isalpha()]
    if long and sum(1 for w in long if w[0].isupper()) / len(long) >= 0.7:
        score += 2
    if len(words) >= 8:
        score += 1
    if len(words) >= 6 and _ATTRIBUTION_TAIL.search(text):
        score += 2  # "… Port Talks Resume - Ministry": a wire headline naming its source
    return score


def _lead_score(lead: Unit) -> int:
    first_sentence = re.split(r"(?<=[.!?])\s", lead.text, maxsplit=1)[0]
    score = 0
    if _LEAD_ATTRIBUTION.search(first_sentence):
        score += 2
    elif _LEAD_DAY.search(first_sentence):
        score += 1
    opening = " ".join(first_sentence.split()[:8])
    if _CONTINUATION.match(first_sentence) or _LEANS_BACK.search(opening):
        score -= 3
    return score


def split_points(units: list[Unit]) -> list[int]:
    """Indexes of the units that are headlines of a new story."""
    sizes = [len(_words(u.text)) for u in units]
    points: list[int] = []
    last = 0
    for i in range(1, len(units) - 1):
        headline = _headline_score(units[i])
        if headline < 0:
            continue
        lead = units[i + 1]
        if not _is_prose(lead) or len(_words(lead.text)) < 20:
            continue
        score = headline + _lead_score(lead)
        before = units[i - 1]
        if len(_words(before.text)) >= 15 and not _SENTENCE_END.search(before.text):
            score += 1  # the story before was cut off mid-sentence
        if score < SPLIT_SCORE:
            continue
        prose_before = sum(
            s for u, s in zip(units[last:i], sizes[last:i], strict=True) if _is_prose(u)
        )
        prose_after = sum(
            s for u, s in zip(units[i + 1 :], sizes[i + 1 :], strict=True) if _is_prose(u)
        )
        if prose_before >= MIN_SECTION_WORDS and prose_after >= MIN_SECTION_WORDS:
            points.append(i)
            last = i + 1
    return points


def _may_hold_several(text: str) -> bool:
    """A cheap first look: some short unpunctuated line is followed by a long one."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return any(
        4 <= len(line.split()) <= 25
        and not _SENTENCE_END.search(line)
        and len(lines[i + 1].split()) >= 20
        for i, line in enumerate(lines[1:-1], start=1)
    )


def split_sections(text: str) -> list[Section]:
    """The stories of a page; a single section when it holds one."""
    if not _may_hold_several(text):
        return [Section(None, text)]
    units = segment(text)
    points = split_points(units)
    if not points:
        return [Section(None, text)]
    lines = text.split("\n")
    sections: list[Section] = []
    start_line, title = 0, None
    for point in points:
        headline = units[point]
        body = "\n".join(lines[start_line : headline.line]).strip()
        sections.append(Section(title, body))
        title = headline.text
        start_line = headline.line + headline.raw.count("\n") + 1
    sections.append(Section(title, "\n".join(lines[start_line:]).strip()))
    return [s for s in sections if s.text]
