"""The data model every stage reads and writes, and its `brief.json` round trip.

One `Article` record flows through the pipeline and each stage enriches it (as spaCy's `Doc`);
corpus-level stages build `Story` records from articles. `to_dict()` gives exactly the shapes of
the `storyline.brief/1` contract in DESIGN.md; `from_dict()` accepts them back and ignores keys it
does not know, so older readers survive newer briefs.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar, Union

SCHEMA = "storyline.brief/1"

EVENT_STATUSES = (
    "occurred",
    "planned",
    "proposed",
    "conditional",
    "denied",
    "ruled_out",
    "hypothetical",
)
DATE_PRECISIONS = ("day", "month", "year", "unknown")
REMOVED_KINDS = (
    "appeal",
    "comments",
    "teaser",
    "caption",
    "navigation",
    "newsletter",
    "share",
    "cookie",
    "translation",
    "byline",
    "dateline",
    "advert",
    "other",
)

T = TypeVar("T", bound="Record")


class Record:
    """Mixin: dict round trip driven by the dataclass fields and their type hints."""

    # Fields kept on the record but left out of brief.json (working data of the stages).
    internal_fields: ClassVar[frozenset[str]] = frozenset()

    def to_dict(self, *, internal: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            if f.name in self.internal_fields and not internal:
                continue
            out[f.name] = _dump(getattr(self, f.name), internal)
        return out

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        kwargs: dict[str, Any] = {}
        for name, hint in _field_hints(cls):  # type: ignore[arg-type]
            if name in data:
                kwargs[name] = _load(hint, data[name])
        return cls(**kwargs)


@functools.cache
def _field_hints(cls: type) -> tuple[tuple[str, Any], ...]:
    # Resolving the hints costs more than reading a record: once per class (a store read
    # loads thousands of records).
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _dump(value: Any, internal: bool) -> Any:
    if isinstance(value, Record):
        return value.to_dict(internal=internal)
    if isinstance(value, list | tuple):
        return [_dump(v, internal) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v, internal) for k, v in value.items()}
    return value


def _load(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        for arg in typing.get_args(hint):
            if arg is type(None):
                continue
            return _load(arg, value)
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_load(item, v) for v in value]
    if isinstance(hint, type) and issubclass(hint, Record):
        return hint.from_dict(value)
    return value


@dataclass
class Removed(Record):
    """A block the cleaner took out of the body, kept so the user can audit it."""

    kind: str
    text: str


@dataclass
class Sentence(Record):
    """A sentence of the cleaned body; `start`/`end` are character offsets into `Article.text`."""

    start: int
    end: int
    text: str


@dataclass
class EntityMention(Record):
    """A name or description of an entity in `Article.text` (the language stage finds them).

    label: PERSON, ORG, GPE, LOC, NORP, FAC, PRODUCT, or ROLE for a role description with no
    name ("the Kremlin spokesman"). key: the spelling key names are matched on. actor: the state
    (ISO 3166-1 alpha-3), state institution ("RUS:foreign ministry") or organisation ("OSCE") the
    words stand for. country: alpha-3 of the person's state or the place's country. role: the
    person's role ("foreign minister"). place/lat/lon: the gazetteer entry of a place mention.
    """

    start: int
    end: int
    text: str
    label: str
    key: str = ""
    actor: str | None = None
    country: str | None = None
    role: str | None = None
    sentence: int = 0
    place: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class TimeExpression(Record):
    """A temporal expression of `Article.text` normalised to a TIMEX3 value (language stage).

    type: DATE, TIME, DURATION or SET. value: TIMEX3 value relative to the publication date
    (`2020-10-09`, `2020-W41`, `P3D`, `PAST_REF`; `XXXX-10-09` with no publication date).
    precision: time, day, week, month, quarter, season, year, decade, century, duration, set, ref
    or unknown. anchor: explicit, dct, previous or None. direction: past/future when the tense of
    the clause chose the value. mod: TIMEX3 mod (START, MID, END, APPROX, MORE_THAN ...).
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    precision: str = "unknown"
    anchor: str | None = None
    direction: str | None = None
    mod: str | None = None


@dataclass
class Mention(Record):
    """Evidence: the sentence of an article that reports something, with its offsets."""

    article_id: str
    sentence: str
    start: int
    end: int


@dataclass
class Citation(Record):
    article_id: str
    sentence: str


@dataclass
class Entity(Record):
    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    role: str | None = None
    mention_count: int = 0


@dataclass
class EventDate(Record):
    start: str | None = None
    end: str | None = None
    precision: str = "unknown"


@dataclass
class Location(Record):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class StatusReport(Record):
    """One report of an event's status (a fused event keeps them all, oldest report first)."""

    status: str
    article_id: str
    sentence: str
    published: str | None = None
    claimant: str | None = None
    event_id: str | None = None  # the article-level event of this report


@dataclass
class Event(Record):
    id: str
    type: str
    mode: str | None = None
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    date: EventDate = field(default_factory=EventDate)
    location: Location | None = None
    status: str = "occurred"
    claimant: str | None = None
    background: bool = False
    mentions: list[Mention] = field(default_factory=list)
    # Beyond brief/1's minimum: a fused event's status reports (the story layer fills it).
    status_history: list[StatusReport] = field(default_factory=list)


# Event and claim ids are "<article>-e<trigger offset>" with "-<n>" when one trigger codes several.
_TRIGGER_OFFSET = re.compile(r"-[ec](\d+)(?:-\d+)?$")


def trigger_offset(record_id: str) -> int | None:
    """The character offset of the trigger an event or claim id was made from, if it has one."""
    found = _TRIGGER_OFFSET.search(record_id)
    return int(found[1]) if found else None


@dataclass
class Claim(Record):
    id: str
    subject: str
    value: str | float | int | None = None
    unit: str | None = None
    claimant: str | None = None
    as_of: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    # Beyond brief/1's minimum: history and context ("a famine in the 1980s that left
    # 9,000 dead"), never news; for an assertion (unit "assertion"), the act it is about.
    background: bool = False
    event_ids: list[str] = field(default_factory=list)


@dataclass
class Disagreement(Record):
    id: str
    about: str
    claim_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    explanation: str = ""


@dataclass
class TimelineEntry(Record):
    date: str
    event_ids: list[str] = field(default_factory=list)
    text: str = ""
    citations: list[Citation] = field(default_factory=list)


@dataclass
class SummarySentence(Record):
    text: str
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Coverage(Record):
    outlet: str | None
    article_ids: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    exclusive_event_ids: list[str] = field(default_factory=list)
    missing_event_ids: list[str] = field(default_factory=list)


@dataclass
class Article(Record):
    """One article as the pipeline knows it; readers create it, stages enrich it."""

    id: str
    source: str
    text: str
    outlet: str | None = None
    outlet_evidence: str | None = None
    title: str | None = None
    captions: list[str] = field(default_factory=list)
    published: str | None = None
    published_evidence: str | None = None
    language: str | None = None
    duplicate_of: str | None = None
    removed: list[Removed] = field(default_factory=list)
    # Beyond the brief/1 minimum: metadata the readers find, kept for the store and exports.
    url: str | None = None
    author: str | None = None
    # The wire dateline that opens the lead ("MOSCOW (Reuters)"), left in `text` as published.
    dateline: str | None = None
    input_format: str | None = None
    content_hash: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    timexes: list[TimeExpression] = field(default_factory=list)
    entity_mentions: list[EntityMention] = field(default_factory=list)
    # The events stage's article-level events and claims (the story layer merges them).
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    internal_fields: ClassVar[frozenset[str]] = frozenset(
        {"content_hash", "sentences", "entity_mentions", "timexes", "events", "claims"}
    )

    @classmethod
    def create(cls, *, source: str, text: str, **metadata: Any) -> Article:
        """A new article whose id and content hash come from its text."""
        digest = content_hash(text)
        return cls(id=digest[:16], source=source, text=text, content_hash=digest, **metadata)


@dataclass
class Story(Record):
    id: str
    title: str
    article_ids: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)


@dataclass
class Brief(Record):
    schema: str = SCHEMA
    articles: list[Article] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Brief:
        schema = data.get("schema", "")
        if not str(schema).startswith("storyline.brief/"):
            raise ValueError(f"not a storyline brief (schema {schema!r})")
        return super().from_dict(data)


_SPACES = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """Hash of the text with whitespace collapsed: the identity of an article's content."""
    normalised = _SPACES.sub(" ", text).strip().lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()
