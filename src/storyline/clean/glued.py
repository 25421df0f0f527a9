"""Junk labels glued to reporting in one unit: cut them apart so only the label goes.

An extractor that joins a page's paragraphs with spaces (jusText) or drops the break between a
photo's caption and the next paragraph leaves units such as "Advertisement The keyboard thing is
a big deal." or "… in duvets and jackets.Photo: Getty Images A UK man's decision to …". Judged
whole, the unit reads as an ad slot or a caption and the reporting sentence in it would go
with the label. Cut into the label (an ad label, a photo credit with the caption it closes) and
the rest, each piece is judged on its own evidence.
"""

from __future__ import annotations

import functools
import re

from storyline.clean.lexicon import glued_advert_labels, wire_agencies
from storyline.clean.segment import Unit

# A photo credit label where a new sentence may start: "Photo: …", "Photograph: …", "Credit: …".
_CREDIT_LABEL = re.compile(
    r"(?:^|(?<=[\s.!?”\"’)]))(?:Photo ?[Cc]redit|Photo(?:graph)?|Image|Picture|Foto|Credit)s?"
    r"\s*:\s*"
)
# A credit inside brackets: "(Photo: Getty Images)", "(AP Photo/Jane Doe)", "(Credit: iStock)".
_BRACKETED_CREDIT = re.compile(
    r"\((?:(?:Photo ?[Cc]redit|Photo(?:graph)?|Image|Picture|Foto|Credit|Source)s?\s*:"
    r"|(?:AP|AFP|EPA|Reuters|Getty|Xinhua|TASS) ?Photo ?/)[^()]{1,60}\)"
)
# Picture desks and libraries named in credits beside the wire agencies.
_DESK_WORDS = frozenset(
    {
        "getty",
        "images",
        "image",
        "photo",
        "photos",
        "pictures",
        "press",
        "pool",
        "file",
        "handout",
        "shutterstock",
        "istock",
        "istockphoto",
        "alamy",
        "stf",
    }
)
_CREDIT_JOINERS = frozenset({"via", "/", "|", "and", "&", "-", "for"})
_CREDIT_MAX_TOKENS = 7
_TOKEN = re.compile(r"[^\s,;/|]+|[/|]")
# What follows a label must read as the start of a sentence of a few words.
_SENTENCE_START = re.compile(r"[\"“‘'(]?[A-ZÀ-ÖØ-ÞА-ЯЁ0-9]")
_MIN_REST_WORDS = 4
_WORD = re.compile(r"\w+")
_LABEL_MAX_WORDS = 5
_CREDIT_WORD = re.compile(r"Photo|Image|Picture|Foto|Credit|Source")
_CLOSING_LABEL = re.compile(r"(?<=[.!?”\"’])\s+(\S+(?: \S+){0,4})\s*$")


@functools.cache
def _credit_names() -> frozenset[str]:
    return frozenset(wire_agencies() | _DESK_WORDS)


def _credit_end(text: str, start: int) -> int | None:
    """Where the names of a credit that begins at `start` end ("Damian Dovarganes, AP",
    "AFP via Getty", "ESA"): after the last agency or desk word among its first tokens, all of
    them capitalised names or joiners; else after its first name alone."""
    last: int | None = None
    first: int | None = None
    for count, match in enumerate(_TOKEN.finditer(text, start)):
        if count >= _CREDIT_MAX_TOKENS:
            break
        token = match.group().strip(".()")
        if not token:
            continue
        lowered = token.lower()
        if lowered in _credit_names():
            last = match.end()
        elif lowered not in _CREDIT_JOINERS and not token[0].isupper() and not token[0].isdigit():
            break
        if first is None:
            first = match.end()
    return last if last is not None else first


def _credit_close(text: str) -> int | None:
    """Where the first photo credit in `text` that reporting follows in the same unit ends."""
    for match in _BRACKETED_CREDIT.finditer(text):
        end = match.end()
        # "(Photo: Getty Images) Getty The doctor …": the credit's name repeated after it
        follow = _TOKEN.match(text, len(text) - len(text[end:].lstrip()))
        if follow and follow.group().lower() in _credit_names():
            end = follow.end()
        if _reads_on(text, end):
            return end
    for match in _CREDIT_LABEL.finditer(text):
        close = _credit_end(text, match.end())
        if close is not None and _reads_on(text, close):
            return close
    return None


def _reads_on(text: str, end: int) -> bool:
    rest = text[end:].strip(" )")
    return bool(_SENTENCE_START.match(rest)) and len(_WORD.findall(rest)) >= _MIN_REST_WORDS


@functools.cache
def _label_first_words() -> frozenset[str]:
    return frozenset(label.split()[0] for label in glued_advert_labels())


@functools.cache
def _label_last_words() -> frozenset[str]:
    return frozenset(label.split()[-1] for label in glued_advert_labels())


def _advert_label_end(text: str) -> int | None:
    """End of an ad label that opens `text` ("Advertisement", "ADVERTISEMENT", "Anzeige")
    when a sentence follows it in the same unit."""
    first = text[:20].split(maxsplit=1)
    if not first or first[0].strip(" :.-–—|").lower() not in _label_first_words():
        return None
    words = list(re.finditer(r"\S+", text[:80]))
    for count in range(min(_LABEL_MAX_WORDS, len(words) - 1), 0, -1):
        end = words[count - 1].end()
        label = text[:end].strip(" :.-–—|").lower()
        if label in glued_advert_labels() and _reads_on(text, end):
            return end
    return None


def _advert_label_start(text: str) -> int | None:
    """Start of an ad label that closes `text` after a sentence: "… on Monday. Advertisement"."""
    last = text[-30:].rsplit(maxsplit=1)
    if not last or last[-1].strip(" :.-–—|").lower() not in _label_last_words():
        return None
    offset = max(0, len(text) - 60)
    match = _CLOSING_LABEL.search(text, offset)
    if match is None:
        return None
    label = match.group(1).strip(" :.-–—|").lower()
    return match.start() if label in glued_advert_labels() else None


def _pieces(text: str) -> list[str]:
    """`text` cut at glued labels, label pieces apart; [text] when it holds none."""
    advert = _advert_label_end(text)
    if advert is not None:
        return [text[:advert], *_pieces(text[advert:].strip())]
    end = _credit_close(text) if _CREDIT_WORD.search(text) else None
    if end is not None:
        # the caption the credit closes goes with it: a line glued to a credit is its caption
        return [text[:end].strip(), *_pieces(text[end:].strip(" )"))]
    tail = _advert_label_start(text)
    if tail is not None:
        return [text[:tail].strip(), text[tail:].strip()]
    return [text]


def split_glued(units: list[Unit]) -> list[Unit]:
    """`units` with every unit that holds a glued label cut into pieces (the later ones
    inline in the same paragraph, so the kept ones join back as one line)."""
    out: list[Unit] = []
    for unit in units:
        pieces = [p for p in _pieces(unit.text) if p]
        if len(pieces) < 2:
            out.append(unit)
            continue
        for index, piece in enumerate(pieces):
            out.append(
                Unit(
                    piece,
                    piece,
                    unit.para,
                    unit.blank_before and index == 0,
                    unit.bullet,
                    unit.heading,
                    unit.inline or index > 0,
                    unit.line,
                )
            )
    return out
