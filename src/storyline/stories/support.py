"""Does a sentence of a brief say only what the article sentences it cites say?

`unsupported(text, cited, names=None)` lists what `text` states that its citations do not:

* **names**: each capitalised word (outside date expressions) must be a word of a cited
  sentence, or belong to an entity of the story whose other name a cited sentence uses
  ("Armenia" is supported by "Yerevan says ..." when the story knows Yerevan stands for Armenia);
* **numbers**: each figure, in digits or words ("eleven" is 11), must be stated there;
* **dates**: each date expression must be stated there word for word, or have the value one
  stated there has when read against that article's publication date (the anchor the pipeline
  recorded): "on Friday" in an article of Saturday 10 October 2020 supports "9 October 2020".

`idle_citations(text, cited, names)` finds citations that support nothing: neither does the cited
sentence alone support `text`, nor is it needed for the rest to. `check_brief(brief)` runs both on
every summary sentence of a brief (from a run or read back from `brief.json`) and also checks
that each cited sentence is in its article's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from storyline.language.timex import Timex, find_timexes, parse_dct
from storyline.model import Brief, Entity
from storyline.stories.fuse import stories_resource

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_WORDS = stories_resource("words.toml")
_SUMMARY = stories_resource("summary.toml")
_NUMBER_WORDS = frozenset(_WORDS["number_words"])
_NUMBER_VALUES: dict[str, str] = {k: str(v) for k, v in _SUMMARY["number_values"].items()}
# Capitalised words that name nothing (openers, pronouns, titles).
_NOT_NAMES = frozenset(_WORDS["not_names"]) | frozenset(_SUMMARY["sentences"]["not_names"])
_DATE_TYPES = ("DATE", "TIME")


@dataclass
class Cited:
    """A cited sentence with the publication date its relative dates are read against."""

    text: str
    published: str | None = None


@dataclass(frozen=True)
class NameTable:
    """Every written form of each entity of a story, lower-cased: form -> the entity's forms."""

    forms: dict[str, frozenset[str]] = field(default_factory=dict)
    _others: dict[str, set[str]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, entities: Iterable[Entity]) -> NameTable:
        forms: dict[str, frozenset[str]] = {}
        for entity in entities:
            group = frozenset(f.lower() for f in [entity.name, *entity.aliases] if f and len(f) > 1)
            for form in group:
                forms[form] = forms.get(form, frozenset()) | group
        return cls(forms)

    def others(self, word: str) -> set[str]:
        """The forms of every entity one of whose names holds `word` as a word."""
        if word in self._others:
            return self._others[word]
        found: set[str] = set()
        for form, group in self.forms.items():
            if word == form or word in words_of(form):
                found |= group
        self._others[word] = found
        return found


@lru_cache(maxsize=4096)
def timexes_of(text: str, published: str | None) -> tuple[Timex, ...]:
    """The date and time expressions of `text` read against `published` (cached: a story's
    sentences are checked many times while its summary is chosen)."""
    found = find_timexes(text, parse_dct(published))
    return tuple(t for t in found if t.type in _DATE_TYPES)


def words_of(text: str) -> set[str]:
    """The lower-cased words of `text`."""
    return {w.lower() for w in _WORD.findall(text)}


def _has_word(haystack: str, needle: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack) is not None


def numbers_of(text: str) -> set[str]:
    """Figures in digits (thousands separators dropped) and number words, as digits if known."""
    found = {m.group().replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}
    for word in _WORD.findall(text):
        lowered = word.lower()
        if lowered in _NUMBER_WORDS or lowered in _NUMBER_VALUES:
            found.add(_NUMBER_VALUES.get(lowered, lowered))
    return found


def _names(text: str, dates: Sequence[tuple[int, int]]) -> list[str]:
    names: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group()
        if any(start <= match.start() < end for start, end in dates):
            continue
        if word[0].isupper() and word not in _NOT_NAMES and word.lower() not in _NUMBER_VALUES:
            names.append(word.lower().rstrip("'’"))
    return list(dict.fromkeys(names))


def unsupported(text: str, cited: Sequence[Cited], names: NameTable | None = None) -> list[str]:
    """What `text` states that none of its cited sentences does (empty: supported)."""
    if not cited:
        return ["(no citation)"]
    joined = " ".join(c.text for c in cited)
    lowered = joined.lower()
    problems: list[str] = []
    own_dates = timexes_of(text, None)
    cited_numbers = numbers_of(joined)
    for number in sorted(numbers_of(text) - cited_numbers):
        # a day or year inside a date expression is checked as that date, below
        if not any(number in d.text for d in own_dates):
            problems.append(f"number {number}")
    for name in _names(text, [(d.start, d.end) for d in own_dates]):
        if _has_word(lowered, name):
            continue
        if names is not None and any(_has_word(lowered, f) for f in names.others(name)):
            continue
        problems.append(f"name {name}")
    problems.extend(f"date {d}" for d in _unsupported_dates(text, cited, lowered))
    return problems


def _unsupported_dates(text: str, cited: Sequence[Cited], lowered: str) -> list[str]:
    cited_values = {t.value for c in cited for t in timexes_of(c.text, c.published)}
    missing: list[str] = []
    # The sentence is read against each cited article's date in turn: one reading in which
    # every date it states is stated or derived there is enough.
    anchors = list(dict.fromkeys(c.published for c in cited)) or [None]
    for anchor in anchors:
        stated = timexes_of(text, anchor)
        missing = [
            t.text
            for t in stated
            if not _has_word(lowered, t.text.lower()) and t.value not in cited_values
        ]
        if not missing:
            return []
    return missing


_FUNCTION_WORDS = frozenset(_WORDS["function_words"]) | {w.lower() for w in _NOT_NAMES}
# A cited sentence that is not quoted must share at least this share of the sentence's content
# words to count as telling the same thing (names alone do not: "Pompeo will host them in
# Washington" does not support "a meeting in Washington with Pompeo has been ruled out").
MIN_SHARED_CONTENT = 0.5


def _content_words(text: str) -> set[str]:
    return {
        w.lower().rstrip("'’")
        for w in _WORD.findall(text)
        if len(w) > 2 and w.lower() not in _FUNCTION_WORDS
    }


def shared_content(text: str, sentence: str) -> float:
    """The share of `text`'s content words (not function words) that `sentence` uses too."""
    own = _content_words(text)
    return len(own & _content_words(sentence)) / len(own) if own else 1.0


def corroborates(text: str, cited: Cited, names: NameTable | None = None) -> bool:
    """Whether a cited sentence alone supports `text`: every name, number and date, and at
    least half its content words (or it is quoted in it word for word)."""
    if collapse(cited.text) in collapse(text):
        return True
    return (
        not unsupported(text, [cited], names)
        and shared_content(text, cited.text) >= MIN_SHARED_CONTENT
    )


def idle_citations(text: str, cited: Sequence[Cited], names: NameTable | None = None) -> list[int]:
    """Indexes of citations that support nothing of `text`: the cited sentence does not
    `corroborate` it, and the other citations support it as well without it."""
    if len(cited) < 2:
        return []
    idle = []
    for n, citation in enumerate(cited):
        if corroborates(text, citation, names):
            continue
        rest = [c for m, c in enumerate(cited) if m != n]
        if not unsupported(text, rest, names):
            idle.append(n)
    return idle


@dataclass
class SupportProblem:
    """A summary sentence of a brief that states more than its citations, or a summary
    sentence or timeline entry that cites badly (`section`: summary or timeline)."""

    story_id: str
    index: int
    text: str
    problems: list[str]
    section: str = "summary"


def collapse(text: str) -> str:
    """`text` with every run of whitespace (newlines too) as one space."""
    return " ".join(text.split())


def check_brief(brief: Brief) -> list[SupportProblem]:
    """Every summary sentence of `brief` checked against the sentences it cites; and every
    timeline entry cites sentences that are in its articles."""
    published = {a.id: a.published for a in brief.articles}
    texts = {a.id: collapse(a.text) for a in brief.articles}
    found: list[SupportProblem] = []
    for story in brief.stories:
        names = NameTable.of(story.entities)
        for n, sentence in enumerate(story.summary):
            problems: list[str] = []
            cited = [Cited(c.sentence, published.get(c.article_id)) for c in sentence.citations]
            for c in sentence.citations:
                if c.article_id not in texts:
                    problems.append(f"citation of unknown article {c.article_id}")
                elif collapse(c.sentence) not in texts[c.article_id]:
                    problems.append(f"cited sentence not in article {c.article_id}")
            problems += unsupported(sentence.text, cited, names)
            problems += [
                f"citation {i + 1} supports nothing"
                for i in idle_citations(sentence.text, cited, names)
            ]
            if problems:
                found.append(SupportProblem(story.id, n, sentence.text, problems))
        for n, entry in enumerate(story.timeline):
            missing = [
                f"timeline citation not in article {c.article_id}"
                for c in entry.citations
                if collapse(c.sentence) not in texts.get(c.article_id, "")
            ]
            if missing or not entry.citations:
                found.append(
                    SupportProblem(
                        story.id, n, entry.text, missing or ["(no citation)"], "timeline"
                    )
                )
    return found
