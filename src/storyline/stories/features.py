"""What story clustering compares: hashed term vectors of an article, one per *view*.

A view is a bag of feature keys turned into a sparse vector over a fixed hashed space, so the
vocabulary never has to be known in advance and memory does not grow with it. Built-in views:

* `text`: content words of the title and body (lower-cased, stop words dropped, plural `-s`
  folded), sublinear term frequency;
* `entities`: names, from a hook (`entity_keys`, e.g. the language layer's merged entity keys)
  or, without one, from capitalised phrases: "Lindsay Lohan" gives the key of the whole phrase
  and one per word, so a later bare "Lohan" still matches.

* `numbers`: the figures an article states (tolls, magnitudes, sums, years, times: "6.1",
  "1200", "2013") and the days it names ("Sunday"), the incident-specific evidence that sets
  apart two incidents of one kind (another toll, another magnitude, another day).

More views (events, places) come from the `extra_views` hook: a function returning
`{view name: [feature keys]}` for an article; each view has its own weight in the score.

Each view vector is L2-normalised in term-frequency space; IDF is applied at comparison time by
the clusterer (`cluster.py`), so stories and articles are always weighed with the same, current
document frequencies.
"""

from __future__ import annotations

import calendar
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from storyline.model import Article

# 2^20 buckets: collisions between two content words of one news stream are rare (a stream
# of a few hundred thousand distinct words fills a few percent of them).
HASH_BITS = 20
HASH_BUCKETS = 1 << HASH_BITS

ViewHook = Callable[[Article], dict[str, list[str]]]
EntityHook = Callable[[Article], list[str]]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_EDGE_PUNCT = "\"'“”‘’`()[]{}<>«»,;:!?*|/\\"
_SENTENCE_END = (".", "!", "?", "…", ":")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words (shipped with spaCy, no model needed)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


@lru_cache(maxsize=1)
def calendar_words() -> frozenset[str]:
    """Month and weekday names and abbreviations: capitalised, but never a story's actors."""
    names: set[str] = set()
    for seq in (
        calendar.month_name,
        calendar.month_abbr,
        calendar.day_name,
        calendar.day_abbr,
    ):
        names.update(n.lower() for n in seq if n)
    names.update({"sept", "tues", "thur", "thurs", "today", "yesterday", "tomorrow"})
    return frozenset(names)


def bucket(key: str) -> int:
    """A stable hash bucket for a feature key (the same in every process and version)."""
    return zlib.crc32(key.encode("utf-8")) & (HASH_BUCKETS - 1)


def fold_plural(word: str) -> str:
    """A light, predictable fold of English plurals: pirates -> pirate, bodies -> body."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(text: str) -> list[str]:
    """Lower-cased content words: no stop words, no one-character tokens."""
    stops = stop_words()
    words = []
    for match in _WORD.finditer(text.lower()):
        word = match.group().replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) < 2 or word in stops:
            continue
        words.append(fold_plural(word))
    return words


def _is_capitalised(token: str) -> bool:
    return bool(token) and token[0].isupper() and any(c.isalpha() for c in token)


def _title_case_line(tokens: list[str]) -> bool:
    """A headline in Title Case or ALL CAPS: its capitals say nothing about names."""
    words = [t for t in tokens if t[:1].isalpha() and len(t) > 3]
    if len(words) < 3 or len(tokens) > 25:
        return False
    capitalised = sum(1 for t in words if t[0].isupper())
    return capitalised / len(words) >= 0.8


def capitalised_phrases(text: str) -> list[str]:
    """Runs of capitalised words outside sentence starts and headlines, lower-cased.

    A sentence-initial word counts only when it is followed by another capitalised word
    ("Lindsay Lohan said") and is not a stop word ("The Navy" gives "navy"). Month and weekday
    names never count. "of" joins two capitalised runs ("Gulf of Aden").
    """
    phrases: list[str] = []
    for line in text.splitlines():
        tokens = line.split()
        if tokens and not _title_case_line(tokens):
            phrases.extend(_line_phrases(tokens))
    return phrases


def _line_phrases(tokens: list[str]) -> list[str]:
    stops = stop_words()
    dates = calendar_words()
    phrases: list[str] = []
    run: list[str] = []
    sentence_start = True
    run_at_sentence_start = False

    def flush() -> None:
        words = list(run)
        while words and words[-1] == "of":
            words.pop()
        if words and not (run_at_sentence_start and len(words) == 1):
            phrases.append(" ".join(words))
        run.clear()

    for position, token in enumerate(tokens):
        word = token.strip(_EDGE_PUNCT)
        ends_sentence = token.endswith(_SENTENCE_END) and not _is_initial(word)
        word = _POSSESSIVE.sub("", word).rstrip(".")
        lower = word.lower()
        if _is_capitalised(word) and lower not in dates and not (sentence_start and lower in stops):
            if not run:
                run_at_sentence_start = sentence_start
            if lower not in stops or run:
                run.append(lower)
        elif lower == "of" and run and position + 1 < len(tokens):
            run.append("of")
        else:
            flush()
        if token in {".", "!", "?"} or ends_sentence:
            flush()
            sentence_start = True
        elif word:
            sentence_start = False
    flush()
    return phrases


def _is_initial(word: str) -> bool:
    """ "J." or "U.S." style abbreviations do not end a sentence."""
    return len(word) <= 4 and word[:1].isupper() and "." in word + "."


def phrase_keys(phrases: Iterable[str]) -> list[str]:
    """Keys of names: the whole phrase, and each of its non-stop words for partial mentions."""
    stops = stop_words()
    keys: list[str] = []
    for phrase in phrases:
        words = [w for w in phrase.split() if w not in stops and len(w) > 1]
        if not words:
            continue
        if len(words) > 1:
            keys.append("name:" + " ".join(words))
        keys.extend("word:" + w for w in words)
    return keys


_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,:]\d+)*(?![\w])")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")


def number_keys(text: str) -> list[str]:
    """Keys of the figures in `text`: "1,200" and "1200" give one key, "5.9" its own."""
    keys: list[str] = []
    for match in _NUMBER.finditer(text):
        figure = match.group()  # ends with a digit: nothing to strip
        if _THOUSANDS.fullmatch(figure):
            figure = figure.replace(",", "")
        keys.append("number:" + figure)
    return keys


# English names as written, whatever the process locale (calendar.day_name follows it).
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def day_keys(text: str) -> list[str]:
    """Keys of the weekdays `text` names, as written with a capital ("on Sunday"): the day of
    the incident, which reports of one incident share and another incident seldom does."""
    return ["day:" + match.group(1).lower() for match in _WEEKDAY.finditer(text)]


def term_vector(keys: Iterable[str]) -> dict[int, float]:
    """Sublinear term frequencies of `keys` over hashed buckets, L2-normalised."""
    counts: Counter[int] = Counter(bucket(k) for k in keys)
    if not counts:
        return {}
    weights = {b: 1.0 + math.log(c) for b, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {b: w / norm for b, w in weights.items()}


@dataclass
class ArticleFeatures:
    """One article's view vectors (bucket -> normalised tf) and its publication day number."""

    article_id: str
    title: str
    day: int | None
    views: dict[str, dict[int, float]] = field(default_factory=dict)


@dataclass
class FeatureExtractor:
    """Turns an `Article` into `ArticleFeatures`; the hooks let later stages add evidence.

    entity_keys (EntityHook | None): the names in an article (the language layer's merged
        entity names or keys, spaCy's entities, ...); replaces the capitalised-phrase heuristic
        when given. Each name gives a key of its own and one per word, as the heuristic's do.
    extra_views (ViewHook | None): more views, e.g. `{"events": ["ATTACK|ARM|AZE", ...]}`.
    """

    entity_keys: EntityHook | None = None
    extra_views: ViewHook | None = None
    use_entities: bool = True
    use_lead: bool = False
    use_numbers: bool = False
    lead_words: int = 60

    def __call__(self, article: Article) -> ArticleFeatures:
        title = (article.title or "").strip()
        body = article.text or ""
        text = f"{title}\n{body}" if title else body
        views: dict[str, dict[int, float]] = {"text": term_vector(content_words(text))}
        if self.use_entities:
            if self.entity_keys is not None:
                keys = phrase_keys(k.lower() for k in self.entity_keys(article))
            else:
                keys = phrase_keys(capitalised_phrases(body))
            views["entities"] = term_vector(keys)
        if self.use_numbers:
            views["numbers"] = term_vector(number_keys(text) + day_keys(text))
        if self.use_lead:
            views["lead"] = term_vector(content_words(lead(text, self.lead_words)))
        if self.extra_views is not None:
            for name, keys in self.extra_views(article).items():
                views[name] = term_vector(keys)
        return ArticleFeatures(
            article_id=article.id,
            title=title or headline(body),
            day=day_number(article.published),
            views=views,
        )


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘A-Z0-9])")


def lead(text: str, words: int) -> str:
    """The first sentences of `text` (title included) up to about `words` words: in news, the
    lead names the incident and its actors."""
    taken: list[str] = []
    count = 0
    for line in text.splitlines():
        for sentence in _SENTENCE.split(line):
            if count >= words:
                return " ".join(taken)
            taken.append(sentence)
            count += len(sentence.split())
    return " ".join(taken)


def headline(text: str, limit: int = 120) -> str:
    """The first non-empty line of `text`, cut at a word boundary: a title of last resort."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            if len(line) <= limit:
                return line
            return line[:limit].rsplit(" ", 1)[0] + "…"
    return ""


def day_number(published: str | None) -> int | None:
    """YYYY-MM-DD as a proleptic Gregorian day number; None when absent or not a date."""
    if not published:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None
