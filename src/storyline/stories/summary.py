"""A story's summary: 5-10 sentences, each citing only the article sentences that support it.

The summary is extractive, in order of importance:

1. the story's main events: most outlets (an article of unknown outlet counts as its own), then
   most articles, then most mentions; background left out;
2. the figures attributed to a claimant (a disputed one first), most reported first;
3. the disagreements over events: a denial or ruling-out with the report it answers.

For each, the clearest sentence among its own evidence: one that reads alone (no opening
pronoun or "For his part", no first person outside quotes, no run-in heading, ending as a
sentence does), names the event's participants and place, reports the event's latest status,
says who says so, and sits early in its article. A denial of "the claims" is joined to the
sentence before it ("Sources told Reuters that X is deploying Y. X has denied the claims.").
A relative date is given its calendar day where the article's date anchors it ("on Friday (9
October 2020)"). The sentence cites itself and every other report of the same thing that alone
supports it (`support.unsupported`), and is kept only when it passes that check.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.language.timex import find_timexes, parse_dct
from storyline.model import (
    Article,
    Citation,
    Claim,
    Disagreement,
    Entity,
    Event,
    Mention,
    SummarySentence,
)
from storyline.stories.coverage import event_rank
from storyline.stories.fuse import stories_resource
from storyline.stories.support import (
    Cited,
    NameTable,
    collapse,
    corroborates,
    timexes_of,
    unsupported,
    words_of,
)

__all__ = ["Cited", "build_summary", "unsupported"]

MIN_SENTENCES = 5
MAX_SENTENCES = 10
MAX_EVENT_SENTENCES = 6
MAX_CLAIM_SENTENCES = 3
MIN_CHARS = 40
MAX_CHARS = 320
MAX_CITATIONS = 3
NEAR_DUPLICATE = 0.5
IDEAL_CHARS = 170

_CUES = stories_resource("summary.toml")["sentences"]
_OPENERS = tuple(sorted(_CUES["anaphoric_openers"], key=len, reverse=True))
_ANAPHORIC_OBJECTS = tuple(_CUES["anaphoric_objects"])
_FIRST_PERSON = frozenset(_CUES["first_person"])
_ATTRIBUTION = re.compile(
    r"\b(?:" + "|".join(re.escape(c) for c in _CUES["attribution_cues"]) + r")\b", re.IGNORECASE
)
_STORY_WORDS = stories_resource("words.toml")
_NOT_NAMES = frozenset(_STORY_WORDS["not_names"])
_DENIAL_VERB = re.compile(
    r"\b(?:" + "|".join(re.escape(v) for v in _STORY_WORDS["denial_verbs"]) + r")\b"
)
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]|‘[^‘’]*’")
_ENDS_SENTENCE = re.compile(r"[.!?][\"”’)]?$")


@dataclass
class _Candidate:
    article_id: str
    sentence: str
    start: int
    status: str | None = None


def _opens_with_anaphor(sentence: str) -> bool:
    lowered = sentence.lstrip("\"“‘'(").lower()
    return any(
        lowered.startswith(opener) and not lowered[len(opener) : len(opener) + 1].isalnum()
        for opener in _OPENERS
    )


def _first_person(sentence: str) -> bool:
    outside = _QUOTED.sub(" ", sentence)
    return any(w.lower() in _FIRST_PERSON for w in _WORD.findall(outside))


def _run_in_heading(sentence: str) -> bool:
    """A heading glued to the next sentence by the scrape: "Rising water levels The river rose ..."
    (a capitalised function word mid-sentence, with no punctuation before it)."""
    words = list(_WORD.finditer(sentence))
    for prev, word in itertools.pairwise(words):
        between = sentence[prev.end() : word.start()]
        if word.group() in _NOT_NAMES and between.strip() == "" and word.group() != "I":
            return True
    return False


def _balanced(sentence: str) -> bool:
    return (
        sentence.count('"') % 2 == 0
        and sentence.count("“") == sentence.count("”")
        and sentence.count("(") == sentence.count(")")
    )


def reads_alone(sentence: str) -> bool:
    """Whether a sentence can stand in a summary by itself (see the module docstring)."""
    text = collapse(sentence)
    return (
        MIN_CHARS <= len(text) <= MAX_CHARS
        and "\n" not in sentence.strip()
        and _ENDS_SENTENCE.search(text) is not None
        and text[:1].isupper()
        and not _opens_with_anaphor(text)
        and not _first_person(text)
        and not _run_in_heading(text)
        and _balanced(text)
        and not any(obj in text.lower() for obj in _ANAPHORIC_OBJECTS)
    )


def last_line(sentence: str) -> str:
    """A sentence the scrape glued to a heading or caption line before it ("Rising water levels
    / The river rose ..."): its last line, which is the sentence."""
    lines = [line.strip() for line in sentence.strip().splitlines() if line.strip()]
    return lines[-1] if lines else sentence


def _near(a: str, b: str) -> bool:
    ta, tb = words_of(a), words_of(b)
    return bool(ta and tb) and len(ta & tb) / min(len(ta), len(tb)) >= NEAR_DUPLICATE + 0.2


class _Builder:
    def __init__(
        self, articles: Sequence[Article], entities: Sequence[Entity], names: NameTable
    ) -> None:
        self.published = {a.id: a.published for a in articles}
        self.by_id = {a.id: a for a in articles}
        self.order = {a.id: n for n, a in enumerate(articles)}
        self.entities = {e.id: e for e in entities}
        self.names = names
        self.picked: list[SummarySentence] = []
        self.used: set[tuple[str, str]] = set()

    def full(self) -> bool:
        return len(self.picked) >= MAX_SENTENCES

    def _forms(self, keys: Sequence[str]) -> list[set[str]]:
        out = []
        for key in keys:
            entity = self.entities.get(key)
            if entity is not None:
                out.append({f.lower() for f in [entity.name, *entity.aliases] if len(f) > 1})
        return out

    def _score(
        self, c: _Candidate, wanted: list[set[str]], status: str | None, day: str | None
    ) -> float:
        lowered = c.sentence.lower()
        named = sum(
            1 for forms in wanted if any(re.search(rf"\b{re.escape(f)}\b", lowered) for f in forms)
        )
        score = 1.5 * min(named, 4)
        if status is not None and c.status == status:
            score += 3.0  # a report that it happened tells of a held meeting, not its plan
        elif status == "occurred" and c.status is not None:
            score -= 2.0
        if _ATTRIBUTION.search(c.sentence):
            score += 1.0
        article = self.by_id.get(c.article_id)
        if article is not None and article.text:
            score -= min(1.0, 2.0 * c.start / max(len(article.text), 1))
        score -= abs(len(c.sentence) - IDEAL_CHARS) / 200
        if day is not None:
            timexes = timexes_of(c.sentence, self.published.get(c.article_id))
            if any(t.value == day for t in timexes):
                score += 2.0  # it says when
        return score

    def consider(
        self,
        candidates: list[_Candidate],
        *,
        wanted: list[set[str]],
        status: str | None = None,
        day: str | None = None,
        evidence: Sequence[_Candidate] = (),
    ) -> bool:
        """Add the best sentence of `candidates` that reads alone, is new and is supported."""
        ranked = sorted(
            dict.fromkeys((c.article_id, c.sentence, c.start, c.status) for c in candidates),
            key=lambda t: -self._score(_Candidate(*t), wanted, status, day),
        )
        for article_id, sentence, _, _ in ranked:
            if (article_id, sentence) in self.used:
                continue
            own_text = last_line(sentence)
            if not reads_alone(own_text):
                continue
            text = collapse(own_text)
            if any(_near(text, p.text) for p in self.picked):
                continue
            if self._add(text, article_id, sentence, [*candidates, *evidence]):
                return True
        return False

    def _add(self, text: str, article_id: str, sentence: str, others: Sequence[_Candidate]) -> bool:
        own = Citation(article_id, sentence)
        for version in (self._dated(text, article_id), text):
            if version is None or unsupported(version, [self._cited(own)], self.names):
                continue
            citations = [own, *self._corroborating(version, own, others)]
            self.picked.append(SummarySentence(text=version, citations=citations))
            self.used.update((c.article_id, c.sentence) for c in citations)
            return True
        return False

    def add_pair(self, first: _Candidate, second: _Candidate) -> bool:
        """Two sentences of one article read as one item: a report and its denial."""
        text = collapse(first.sentence) + " " + collapse(second.sentence)
        # the report already told alone gives way to it told with its denial, in its place
        alone = next(
            (n for n, p in enumerate(self.picked) if p.text == collapse(first.sentence)), None
        )
        others = [p for n, p in enumerate(self.picked) if n != alone]
        if any(_near(text, p.text) for p in others) or len(text) > 2 * MAX_CHARS:
            return False
        citations = [
            Citation(first.article_id, first.sentence),
            Citation(second.article_id, second.sentence),
        ]
        if unsupported(text, [self._cited(c) for c in citations], self.names):
            return False
        pair = SummarySentence(text=text, citations=citations)
        if alone is None:
            self.picked.append(pair)
        else:
            self.picked[alone] = pair
        self.used.update((c.article_id, c.sentence) for c in citations)
        return True

    def _cited(self, citation: Citation) -> Cited:
        return Cited(citation.sentence, self.published.get(citation.article_id))

    def _corroborating(
        self, text: str, own: Citation, others: Sequence[_Candidate]
    ) -> list[Citation]:
        """Other reports whose sentence alone supports `text`, other articles first."""
        found: list[Citation] = []
        articles = {own.article_id}
        pool = sorted(
            {(c.article_id, c.sentence) for c in others} - {(own.article_id, own.sentence)},
            key=lambda t: (t[0] in articles, self.order.get(t[0], 0), t[1]),
        )
        for article_id, sentence in pool:
            if len(found) >= MAX_CITATIONS - 1:
                break
            if article_id in articles:
                continue
            citation = Citation(article_id, sentence)
            if corroborates(text, self._cited(citation), self.names):
                found.append(citation)
                articles.add(article_id)
        return found

    def _dated(self, text: str, article_id: str) -> str | None:
        """`text` with its first relative day given as a calendar day ("on Friday (9 October
        2020)"), when the article's publication date anchors it; None when there is none."""
        dct = parse_dct(self.published.get(article_id))
        if dct is None:
            return None
        for timex in find_timexes(text, dct):
            if (
                timex.type == "DATE"
                and timex.precision == "day"
                and timex.anchor == "dct"
                and not any(ch.isdigit() for ch in timex.text)  # "2 March" says its day
                and re.fullmatch(r"\d{4}-\d{2}-\d{2}", timex.value)
            ):
                year, month, day = (int(p) for p in timex.value.split("-"))
                label = f"{day} {_MONTHS[month - 1]} {year}"
                return f"{text[: timex.end]} ({label}){text[timex.end :]}"
        return None

    def previous_sentence(self, candidate: _Candidate) -> _Candidate | None:
        article = self.by_id.get(candidate.article_id)
        if article is None:
            return None
        before = [s for s in article.sentences if s.end <= candidate.start]
        if before:
            last = max(before, key=lambda s: s.end)
            return _Candidate(candidate.article_id, last.text, last.start)
        head = article.text[: candidate.start].rstrip()
        match = re.search(r"[^.!?\n]*[.!?][\"”’]?$", head)
        if match is None:
            return None
        return _Candidate(candidate.article_id, match.group().strip(), match.start())


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _candidates(
    mentions: Sequence[Mention], statuses: dict[tuple[str, str], str]
) -> list[_Candidate]:
    return [
        _Candidate(m.article_id, m.sentence, m.start, statuses.get((m.article_id, m.sentence)))
        for m in mentions
    ]


def _statuses(event: Event) -> dict[tuple[str, str], str]:
    return {(r.article_id, r.sentence): r.status for r in event.status_history}


def build_summary(
    events: Sequence[Event],
    claims: Sequence[Claim],
    articles: Sequence[Article],
    *,
    entities: Sequence[Entity] = (),
    disagreements: Sequence[Disagreement] = (),
) -> list[SummarySentence]:
    """The story's summary, most important first (the module docstring says how)."""
    builder = _Builder(articles, entities, NameTable.of(entities))
    outlet_of = {a.id: a.outlet for a in articles}
    ranked = sorted(
        (e for e in events if not e.background and e.mentions),
        key=lambda e: event_rank(e, outlet_of),
    )
    main = [e for e in ranked if len({m.article_id for m in e.mentions}) >= 2]
    rest = [e for e in ranked if e not in main]

    def add_event(event: Event) -> bool:
        wanted = builder._forms([*event.actors, *event.recipients])
        if event.location is not None:
            wanted.append({event.location.name.lower()})
        day = event.date.start if event.date.precision == "day" else None
        return builder.consider(
            _candidates(event.mentions, _statuses(event)),
            wanted=wanted,
            status=event.status,
            day=day,
        )

    added = 0
    for event in main:
        if added >= MAX_EVENT_SENTENCES or builder.full():
            break
        added += add_event(event)

    disputed = {cid for d in disagreements for cid in d.claim_ids}
    attributed = [
        c
        for c in claims
        if c.claimant and not c.claimant.startswith("outlet:") and _is_figure(c.value)
    ]
    attributed.sort(key=lambda c: (c.id not in disputed, -len(c.mentions), c.id))
    added = 0
    for claim in attributed:
        if added >= MAX_CLAIM_SENTENCES or builder.full():
            break
        wanted = builder._forms([claim.claimant] if claim.claimant else [])
        added += builder.consider(_candidates(claim.mentions, {}), wanted=wanted)

    by_id = {e.id: e for e in events}
    claim_by_id = {c.id: c for c in claims}
    for disagreement in disagreements:
        if builder.full():
            break
        _add_disagreement(
            builder,
            [by_id[i] for i in disagreement.event_ids if i in by_id],
            [claim_by_id[i] for i in disagreement.claim_ids if i in claim_by_id],
        )

    for event in rest:
        if len(builder.picked) >= MIN_SENTENCES + 2 or builder.full():
            break
        add_event(event)
    return builder.picked[:MAX_SENTENCES]


def _is_figure(value: object) -> bool:
    """A counted figure (772 soldiers), not an assertion's polarity ("denied", "ruled out")."""
    return isinstance(value, int | float) and not isinstance(value, bool)


_SETTLING = ("denied", "ruled out", "ruled_out")


def _add_disagreement(builder: _Builder, events: Sequence[Event], claims: Sequence[Claim]) -> bool:
    """The report that disputes or settles the others: a denial of "the claims" read with the
    sentence before it; else a claim or event report that denies, rules out or differs."""
    mentions = [m for e in events for m in e.mentions] + [m for c in claims for m in c.mentions]
    for m in mentions:
        lowered = m.sentence.lower()
        if (m.article_id, m.sentence) in builder.used or not any(
            obj in lowered for obj in _ANAPHORIC_OBJECTS
        ):
            continue
        if not _DENIAL_VERB.search(lowered):
            continue
        denial = _Candidate(m.article_id, m.sentence, m.start)
        before = builder.previous_sentence(denial)
        if before is not None and reads_alone(before.sentence) and builder.add_pair(before, denial):
            return True
    odd_claims = sorted(
        (c for c in claims if isinstance(c.value, str) and c.value != "asserted"),
        key=lambda c: (c.value not in _SETTLING, c.id),
    )
    for claim in odd_claims:
        wanted = builder._forms([claim.claimant] if claim.claimant else [])
        if builder.consider(_candidates(claim.mentions, {}), wanted=wanted):
            return True
    for event in events:
        starts = {(m.article_id, m.sentence): m.start for m in event.mentions}
        reports = sorted(
            (r for r in event.status_history if r.status != event.status_history[0].status),
            key=lambda r: r.status not in ("denied", "ruled_out"),
        )
        for report in reports:
            key = (report.article_id, report.sentence)
            if key in builder.used or key not in starts:
                continue
            wanted = builder._forms([*event.actors, *event.recipients])
            candidate = _Candidate(report.article_id, report.sentence, starts[key], report.status)
            if builder.consider([candidate], wanted=wanted, status=report.status):
                return True
    return False
