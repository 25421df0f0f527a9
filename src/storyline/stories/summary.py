"""A story's summary: 5-10 sentences, each citing the article sentences that support it.

The summary is extractive: for the story's main events (most articles, then most mentions;
background left out) and its attributed figures, the clearest sentence that reports each, in
the order the events happened, each citing its own sentence and other reports of the same event.

`unsupported(text, cited)` is the check every summary sentence passes before it is kept (and
that tests run on any sentence): each name, number and date it states must be in its cited
sentences, a date also counting when it is the normalised value of one stated there ("on
Friday" in an article of Saturday 10 October 2020 supports "9 October 2020").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.language.timex import find_timexes, parse_dct
from storyline.model import Article, Citation, Claim, Event, SummarySentence
from storyline.stories.fuse import report_order, stories_resource

MIN_SENTENCES = 5
MAX_SENTENCES = 10
MIN_CHARS = 40
MAX_CHARS = 400
MAX_CITATIONS = 3
NEAR_DUPLICATE = 0.6

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_WORDS = stories_resource("words.toml")
_NUMBER_WORDS = frozenset(_WORDS["number_words"])
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
# Capitalised words that name nothing (sentence openers, weekdays and months are dates).
_NOT_NAMES = frozenset(_WORDS["not_names"])


@dataclass
class Cited:
    """A cited sentence with the publication date its relative dates are read against."""

    text: str
    published: str | None = None


def _numbers(text: str) -> set[str]:
    found = {m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}
    words = {w.lower() for w in _WORD.findall(text) if w.lower() in _NUMBER_WORDS}
    return found | words


def _names(text: str, dates: Sequence[tuple[int, int]] = ()) -> set[str]:
    """Capitalised words outside the date expressions at `dates` (checked as dates)."""
    names = set()
    for match in _WORD.finditer(text):
        word = match.group()
        if any(start <= match.start() < end for start, end in dates):
            continue
        if word[0].isupper() and word not in _NOT_NAMES:
            names.add(word.lower())
    return names


def unsupported(text: str, cited: Sequence[Cited]) -> list[str]:
    """What `text` states that none of its cited sentences does (empty: supported)."""
    if not cited:
        return ["(no citation)"]
    joined = " ".join(c.text for c in cited)
    lowered = joined.lower()
    problems: list[str] = []
    cited_numbers = _numbers(joined)
    timexes = [(c, find_timexes(c.text, parse_dct(c.published))) for c in cited]
    own_dates = [t for t in find_timexes(text, None) if t.type in ("DATE", "TIME")]
    for number in sorted(_numbers(text) - cited_numbers):
        # a day or year inside a date expression is checked as that date, below
        if not any(number in d.text for d in own_dates):
            problems.append(f"number {number}")
    for name in sorted(_names(text, [(d.start, d.end) for d in own_dates])):
        if name not in lowered:
            problems.append(f"name {name}")
    cited_values = {t.value for _, found in timexes for t in found}
    for c, _ in timexes:
        own = find_timexes(text, parse_dct(c.published))
        stated = [t for t in own if t.type in ("DATE", "TIME")]
        missing = [
            t for t in stated if t.text.lower() not in lowered and t.value not in cited_values
        ]
        if not missing:
            break
    else:
        problems.extend(f"date {t.text}" for t in missing)
    return problems


def _tokens(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _near(a: str, b: str) -> bool:
    ta, tb = _tokens(a), _tokens(b)
    return bool(ta and tb) and len(ta & tb) / len(ta | tb) >= NEAR_DUPLICATE


def _sentence_score(sentence: str) -> tuple[int, int]:
    """Prefer sentences of a readable length, then shorter ones."""
    length = len(sentence)
    fits = MIN_CHARS <= length <= MAX_CHARS and "\n" not in sentence.strip()
    return (0 if fits else 1, length)


def build_summary(
    events: Sequence[Event],
    claims: Sequence[Claim],
    articles: Sequence[Article],
) -> list[SummarySentence]:
    published = {a.id: a.published for a in articles}
    order = report_order(articles)
    ranked = sorted(
        (e for e in events if not e.background and e.mentions),
        key=lambda e: (
            -len({m.article_id for m in e.mentions}),
            e.date.precision not in ("day", "month"),
            -len(e.mentions),
            e.id,
        ),
    )
    picked: list[tuple[tuple[int, str, int, int], SummarySentence]] = []
    chosen_texts: list[str] = []

    def consider(sort_key: tuple[int, str, int, int], texts: list[tuple[str, str]]) -> None:
        # texts: (article_id, sentence), the first being the candidate sentence itself
        candidates = sorted(dict.fromkeys(texts), key=lambda t: _sentence_score(t[1]))
        for article_id, sentence in candidates:
            if _sentence_score(sentence)[0] or any(_near(sentence, c) for c in chosen_texts):
                continue
            others = [t for t in dict.fromkeys(texts) if t != (article_id, sentence)]
            citations = [Citation(article_id, sentence)] + [
                Citation(a, s) for a, s in others[: MAX_CITATIONS - 1]
            ]
            text = " ".join(sentence.split())
            cited = [Cited(c.sentence, published.get(c.article_id)) for c in citations]
            if unsupported(text, cited):
                continue
            chosen_texts.append(sentence)
            picked.append((sort_key, SummarySentence(text=text, citations=citations)))
            return

    for event in ranked:
        if len(picked) >= MAX_SENTENCES - 2:
            break
        dated = event.date.precision in ("day", "month") and event.date.start
        first = min((order.get(m.article_id, 0), m.start) for m in event.mentions)
        consider(
            (0 if dated else 1, event.date.start or "", *first),
            [(m.article_id, m.sentence) for m in event.mentions],
        )
    attributed = [c for c in claims if c.claimant and not c.claimant.startswith("outlet:")]
    for claim in sorted(attributed, key=lambda c: (-len(c.mentions), c.id)):
        if len(picked) >= MAX_SENTENCES:
            break
        if not claim.mentions:
            continue
        first = min((order.get(m.article_id, 0), m.start) for m in claim.mentions)
        consider(
            (1, claim.as_of or "", *first),
            [(m.article_id, m.sentence) for m in claim.mentions],
        )
    picked.sort(key=lambda p: p[0])
    return [sentence for _, sentence in picked[:MAX_SENTENCES]]
