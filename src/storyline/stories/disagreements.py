"""Where sources disagree, and where a later report updates an earlier one.

* **Figures**: claims on the same quantity (the same counted unit, subjects sharing their content
  words, as-of dates that overlap or are unknown) with different values. Different claimants (or
  outlets) giving different figures disagree; the same claimant with a later as-of date (or a
  later report) updates itself.
* **Events**: one fused event that one report asserts (occurred/planned/proposed) and another
  denies or rules out, or whose status is left open (hypothetical/conditional) by one report and
  settled by a later one; and a denial of "the claims" (`words.toml`: denial verbs, claim
  nouns) of the acts the sentence before it reported.

Each disagreement names the claimants in its explanation and lists the claim or event ids.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from itertools import combinations

from storyline.events.claims import ASSERTION_UNIT
from storyline.model import Article, Claim, Disagreement, Entity, Event, StatusReport
from storyline.stories.fuse import (
    dates_compatible,
    event_tables,
    locations_compatible,
    report_order,
    stories_resource,
)
from storyline.stories.timeline import entity_name, event_line, person_countries

ASSERTING = frozenset({"occurred", "planned", "proposed"})
# Claim values (`resources/claims/assertions.toml`) that leave the question open.
_OPEN_VALUES = frozenset({"uncertain", "conditional", "proposed"})
NEGATING = frozenset({"denied", "ruled_out"})
OPEN = frozenset({"hypothetical", "conditional"})

_WORD = re.compile(r"[a-z]+")
# Words that say nothing about which quantity a figure counts.
_FUNCTION = frozenset(stories_resource("words.toml")["function_words"])
SUBJECT_OVERLAP = 0.5


def _content(subject: str) -> set[str]:
    words = {w for w in _WORD.findall(subject.lower()) if w not in _FUNCTION}
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words}


def same_quantity(a: Claim, b: Claim) -> bool:
    """Claims count the same thing: same unit, overlapping subjects, compatible as-of."""
    if (a.unit or "").lower() != (b.unit or "").lower():
        return False
    # The unit alone ("km", "people") does not say what is counted: a 25 km stretch of river and
    # a 470 km border are different quantities. Words beyond it must name the same thing.
    unit = _content(a.unit or "")
    wa, wb = _content(a.subject) - unit, _content(b.subject) - unit
    if not wa or not wb:
        return False
    if len(wa & wb) / min(len(wa), len(wb)) < SUBJECT_OVERLAP:
        return False
    if a.as_of and b.as_of:
        return (
            a.as_of[:7] == b.as_of[:7] or a.as_of.startswith(b.as_of) or b.as_of.startswith(a.as_of)
        )
    return True


def _value(claim: Claim) -> float | None:
    try:
        return float(claim.value) if claim.value is not None else None
    except (TypeError, ValueError):
        return None


def _outlet_of(claim: Claim, outlets: dict[str, str | None]) -> str | None:
    return next((outlets.get(m.article_id) for m in claim.mentions), None)


class _DisjointSets:
    """Union-find over string keys: each key is its own set until linked to another."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def root(self, key: str) -> str:
        """The key standing for the set `key` is in."""
        parent = self._parent
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def link(self, a: str, b: str) -> None:
        """One set of the sets of `a` and `b`."""
        self._parent[self.root(a)] = self.root(b)


def _id(kind: str, ids: Sequence[str]) -> str:
    return "d" + hashlib.sha256((kind + "|" + "|".join(sorted(ids))).encode()).hexdigest()[:12]


def _figure(claim: Claim) -> str:
    value = claim.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value} {claim.subject}".strip()


def claim_disagreements(
    claims: Sequence[Claim], articles: Sequence[Article], entities: Sequence[Entity]
) -> list[Disagreement]:
    """One disagreement per disputed quantity: every claim on it, each claimant's figures."""
    pairs = _claim_pairs(claims, articles, entities)
    names = {e.id: e.name for e in entities}
    published = {a.id: a.published or "" for a in articles}
    by_id = {c.id: c for c in claims}
    # Claims linked by a pair of the same kind form one disputed quantity (connected components).
    linked = _DisjointSets()

    def kind_of(pair: Disagreement) -> str:
        return pair.about.partition(": ")[0]

    for pair in pairs:
        first, *rest = (f"{kind_of(pair)}|{i}" for i in pair.claim_ids)
        for other in rest:
            linked.link(other, first)
    groups: dict[tuple[str, str], list[Disagreement]] = {}
    for pair in pairs:
        key = (kind_of(pair), linked.root(f"{kind_of(pair)}|{pair.claim_ids[0]}"))
        groups.setdefault(key, []).append(pair)
    merged: list[Disagreement] = []
    for (kind, _), group in groups.items():
        if len(group) == 1:
            merged.append(group[0])
            continue
        ids = sorted({i for d in group for i in d.claim_ids})
        members = sorted(
            (by_id[i] for i in ids), key=lambda c: (c.as_of or "", _first_published(c, published))
        )
        said: dict[str, list[str]] = {}
        for claim in members:
            who = entity_name(claim.claimant or "outlet:unknown", names)
            figure = f"{_figure(claim)}{_as_of(claim)}"
            if figure not in said.setdefault(who, []):
                said[who].append(figure)
        explanation = "; ".join(f"{who} says {', then '.join(figs)}" for who, figs in said.items())
        merged.append(
            Disagreement(
                id=_id(kind, ids),
                about=group[0].about,
                claim_ids=ids,
                explanation=explanation + ".",
            )
        )
    return merged


def _claim_pairs(
    claims: Sequence[Claim], articles: Sequence[Article], entities: Sequence[Entity]
) -> list[Disagreement]:
    names = {e.id: e.name for e in entities}
    outlets = {a.id: a.outlet for a in articles}
    published = {a.id: a.published or "" for a in articles}
    found: list[Disagreement] = []
    seen: set[tuple[str, str]] = set()
    for a, b in combinations(claims, 2):
        va, vb = _value(a), _value(b)
        if va is None or vb is None or va == vb or not same_quantity(a, b):
            continue
        if (a.id, b.id) in seen:
            continue
        seen.add((a.id, b.id))
        who_a = entity_name(a.claimant or "outlet:unknown", names)
        who_b = entity_name(b.claimant or "outlet:unknown", names)
        if a.claimant == b.claimant:
            earlier, later = sorted(
                (a, b), key=lambda c: (c.as_of or "", _first_published(c, published))
            )
            if (earlier.as_of or "", _first_published(earlier, published)) == (
                later.as_of or "",
                _first_published(later, published),
            ):
                explanation = (
                    f"{who_a} gives two figures for {a.subject}: {_figure(a)} and {_figure(b)}."
                )
                kind = "figures differ"
            else:
                explanation = (
                    f"{who_a} updates its figure: {_figure(earlier)}"
                    f"{_as_of(earlier)}, later {_figure(later)}{_as_of(later)}."
                )
                kind = "figure updated"
            found.append(
                Disagreement(
                    id=_id(kind, [earlier.id, later.id]),
                    about=f"{kind}: {a.subject}",
                    claim_ids=[earlier.id, later.id],
                    explanation=explanation,
                )
            )
            continue
        outlet_a, outlet_b = _outlet_of(a, outlets), _outlet_of(b, outlets)
        via = ""
        if outlet_a and outlet_b and outlet_a != outlet_b:
            via = f" (reported by {outlet_a} and {outlet_b})"
        found.append(
            Disagreement(
                id=_id("claimants", [a.id, b.id]),
                about=f"figures differ: {a.subject}",
                claim_ids=[a.id, b.id],
                explanation=(
                    f"{who_a} says {_figure(a)}{_as_of(a)}; {who_b} says {_figure(b)}"
                    f"{_as_of(b)}{via}."
                ),
            )
        )
    return found


def _first_published(claim: Claim, published: dict[str, str]) -> str:
    return min((published.get(m.article_id, "") for m in claim.mentions), default="")


def _as_of(claim: Claim) -> str:
    return f" (as of {claim.as_of})" if claim.as_of else ""


def _source_of(report: StatusReport, outlets: dict[str, str | None]) -> str:
    """Who a report comes from: the claimant the text names, else the outlet (an unknown
    outlet is its article: two unknown outlets are never one source)."""
    if report.claimant and not report.claimant.startswith("outlet:"):
        return report.claimant
    outlet = outlets.get(report.article_id)
    return f"outlet:{outlet}" if outlet else f"article:{report.article_id}"


def _when(report: StatusReport) -> str:
    return f" on {report.published}" if report.published else ""


def event_disagreements(
    events: Sequence[Event], articles: Sequence[Article], entities: Sequence[Entity]
) -> list[Disagreement]:
    """Reports of one fused event whose statuses clash: asserted by one source and denied or
    ruled out by another, or left open by one and settled by another. One source changing
    its word between two dated reports is an update, told with its dates; one source's
    reports on one day (or undated) are no disagreement with itself."""
    names = {e.id: e.name for e in entities}
    countries = person_countries(entities)  # as the timeline names them
    outlets = {a.id: a.outlet for a in articles}
    shown = {a.id: a.outlet or "an unknown outlet" for a in articles}
    found: list[Disagreement] = []
    for event in events:
        line = event_line(event, names, countries)
        history = event.status_history
        by_source: dict[str, list[StatusReport]] = {}
        for report in history:
            by_source.setdefault(_source_of(report, outlets), []).append(report)
        clash = _clash(history, by_source, outlets)
        if clash is not None:
            kind, first, second = clash
            if kind == "contradiction":
                explanation = (
                    f"{_sources(first, shown, names)} report it as {_statuses(first)}; "
                    f"{_sources(second, shown, names)} report it as {_statuses(second)}."
                )
            elif first[0] is history[0]:
                kind = "status updated"
                explanation = (
                    f"First reported as {_statuses(first)} ({_sources(first, shown, names)});"
                    f" a later report says {_statuses(second)}"
                    f" ({_sources(second, shown, names)})."
                )
            else:
                explanation = (
                    f"{_sources(second, shown, names)} report it as {_statuses(second)}; "
                    f"{_sources(first, shown, names)} leave it {_statuses(first)}."
                )
            found.append(
                Disagreement(
                    id=_id(kind, [event.id]),
                    about=f"{kind}: {line}",
                    event_ids=[event.id],
                    explanation=explanation,
                )
            )
            continue
        for source, reports in by_source.items():
            dated = sorted((r for r in reports if r.published), key=lambda r: r.published or "")
            if len(dated) < 2 or dated[0].published == dated[-1].published:
                continue
            if _kind_of(dated[0].status) == _kind_of(dated[-1].status):
                continue
            who = _sources(dated[:1], shown, names)
            found.append(
                Disagreement(
                    id=_id("update", [event.id, source]),
                    about=f"status updated: {line}",
                    event_ids=[event.id],
                    explanation=(
                        f"{who} first reported it as {dated[0].status.replace('_', ' ')}"
                        f"{_when(dated[0])}, then as {dated[-1].status.replace('_', ' ')}"
                        f"{_when(dated[-1])}: an update, not a disagreement."
                    ),
                )
            )
    return found


def _kind_of(status: str) -> str:
    if status in NEGATING:
        return "negating"
    if status in OPEN:
        return "open"
    return "asserting"


def _clash(
    history: Sequence[StatusReport],
    by_source: dict[str, list[StatusReport]],
    outlets: dict[str, str | None],
) -> tuple[str, list[StatusReport], list[StatusReport]] | None:
    """The kind of clash between reports of different sources, with the two sides."""
    for kind, one, other in (
        ("contradiction", ASSERTING, NEGATING),
        ("status differs", OPEN, ASSERTING | NEGATING),
    ):
        first = [r for r in history if r.status in one]
        second = [r for r in history if r.status in other]
        sources_first = {_source_of(r, outlets) for r in first}
        sources_second = {_source_of(r, outlets) for r in second}
        # someone says one thing that someone else does not say
        if first and second and sources_first - sources_second and sources_second - sources_first:
            return kind, first, second
    return None


def _sources(
    reports: Sequence[StatusReport], outlets: dict[str, str], names: dict[str, str]
) -> str:
    """Who reports it: the claimant when the text names one, else the outlet."""
    said = []
    for report in reports:
        if report.claimant and not report.claimant.startswith("outlet:"):
            said.append(entity_name(report.claimant, names))
        else:
            said.append(outlets.get(report.article_id, "an unknown outlet"))
    return " and ".join(dict.fromkeys(said))


def _statuses(reports: Sequence[StatusReport]) -> str:
    words = list(dict.fromkeys(r.status.replace("_", " ") for r in reports))
    return " or ".join(words)


_WORDS = stories_resource("words.toml")
_ANAPHORIC_DENIAL = re.compile(
    r"\b(?:" + "|".join(map(re.escape, _WORDS["denial_verbs"])) + r")\s+"
    r"(?:the|these|those|such|that|this|all|any)\s+(?:\w+\s+)?"
    r"(?:" + "|".join(map(re.escape, _WORDS["claim_nouns"])) + r")\b",
    re.IGNORECASE,
)


def anaphoric_denials(
    events: Sequence[Event], articles: Sequence[Article], entities: Sequence[Entity]
) -> list[Disagreement]:
    """ "X has denied the claims": the acts the sentence before reported (same paragraph),
    asserted by one source and denied by another."""
    names = {e.id: e.name for e in entities}
    countries = person_countries(entities)  # as the timeline names them
    texts = {a.id: a.text for a in articles}
    outlets = {a.id: a.outlet or "an unknown outlet" for a in articles}
    found: list[Disagreement] = []
    for denial in events:
        for mention in denial.mentions:
            if not _ANAPHORIC_DENIAL.search(mention.sentence):
                continue
            text = texts.get(mention.article_id, "")
            before = [
                (m.end, e)
                for e in events
                if e.id != denial.id and e.status in ASSERTING
                for m in e.mentions
                if m.article_id == mention.article_id
                and m.end <= mention.start
                and "\n\n" not in text[m.end : mention.start]
            ]
            if not before:
                continue
            last = max(end for end, _ in before)
            reported = list({e.id: e for end, e in before if end == last}.values())
            deniers = _join_names(denial.actors, names) or outlets[mention.article_id]
            sources = (
                _join_names(
                    [
                        e.claimant
                        for e in reported
                        if e.claimant and not e.claimant.startswith("outlet:")
                    ],
                    names,
                )
                or outlets[mention.article_id]
            )
            acts = "; ".join(event_line(e, names, countries) for e in reported)
            said = next(
                " ".join(m.sentence.split())
                for e in reported
                for m in e.mentions
                if m.article_id == mention.article_id and m.end == last
            )
            denied = " ".join(mention.sentence.split())
            found.append(
                Disagreement(
                    id=_id("denied", [denial.id, *(e.id for e in reported)]),
                    about=f"denied: {acts}",
                    event_ids=[*(e.id for e in reported), denial.id],
                    explanation=(
                        f'{sources}: "{said}" ({acts}); {deniers} deny it: "{denied}" '
                        f"({outlets[mention.article_id]})."
                    ),
                )
            )
    return found


def _join_names(keys: Sequence[str], names: dict[str, str]) -> str:
    return " and ".join(dict.fromkeys(entity_name(k, names) for k in keys))


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(text.lower()) if w not in _FUNCTION and len(w) > 2}


def _who(claim: Claim, names: dict[str, str], outlets: dict[str, str]) -> str:
    if claim.claimant and not claim.claimant.startswith("outlet:"):
        return entity_name(claim.claimant, names)
    return next((outlets[m.article_id] for m in claim.mentions if m.article_id in outlets), "")


def _claim_source(claim: Claim) -> str:
    if claim.claimant and not claim.claimant.startswith("outlet:unknown"):
        return claim.claimant
    return "article:" + (claim.mentions[0].article_id if claim.mentions else claim.id)


def assertion_disagreements(
    claims: Sequence[Claim],
    events: Sequence[Event],
    articles: Sequence[Article],
    entities: Sequence[Entity],
) -> list[Disagreement]:
    """Contested assertions (claims with unit "assertion") on one question, by different
    sources, that do not say the same: who says fighters were deployed against who denies
    it; an outlet calling a meeting's format uncertain against one saying it is ruled out.

    Assertions are on one question when they are about one fused event, about two events of
    one family at the same stated place, about events of one family in words that share two
    stems ("fighters ... being deployed", "deploying Syrian militants"), or when one denies
    "the claims" the sentence before it asserted (same paragraph). Each group with two sources
    saying different things is one disagreement listing every claim; one source saying one
    thing, then another on a later day, is an update."""
    names = {e.id: e.name for e in entities}
    outlets = {a.id: a.outlet or "an unknown outlet" for a in articles}
    texts = {a.id: a.text for a in articles}
    published = {a.id: a.published or "" for a in articles}
    order = report_order(articles)
    tables = event_tables()
    fused_of = {r.event_id: e for e in events for r in e.status_history if r.event_id}
    said = [c for c in claims if c.unit == ASSERTION_UNIT and c.mentions and not c.background]
    event_of: dict[str, Event] = {}
    for claim in said:
        fused = next((fused_of[i] for i in claim.event_ids if i in fused_of), None)
        if fused is not None:
            event_of[claim.id] = fused
    linked = _DisjointSets()
    for a, b in combinations(said, 2):
        ea, eb = event_of.get(a.id), event_of.get(b.id)
        here_a, here_b = a.mentions[0], b.mentions[0]
        if (here_a.article_id, here_a.start, a.subject) == (
            here_b.article_id,
            here_b.start,
            b.subject,
        ):
            linked.link(
                a.id, b.id
            )  # one sentence, several claimants ("X and Y accused each other")
        elif ea is None or eb is None:
            if (
                not a.event_ids
                and not b.event_ids
                and a.value != "denied" != b.value
                and len(_stems(a.subject) & _stems(b.subject)) >= 2
            ):
                linked.link(a.id, b.id)
        else:
            if ea.id == eb.id:
                linked.link(a.id, b.id)
                continue
            if tables.family(ea) != tables.family(eb):
                continue
            if (
                ea.location is not None
                and eb.location is not None
                and locations_compatible(ea.location, eb.location)
                and dates_compatible(ea.date, eb.date)
            ) or len(_stems(a.subject) & _stems(b.subject)) >= 2:
                linked.link(a.id, b.id)
    # "X denied the claims": the assertions of the sentence before, in the same paragraph
    for denial in said:
        if denial.event_ids or denial.value != "denied":
            continue
        here = denial.mentions[0]
        text = texts.get(here.article_id, "")
        before = [
            c
            for c in said
            if c.id != denial.id
            and c.value != "denied"
            and c.mentions[0].article_id == here.article_id
            and c.mentions[0].end <= here.start
            and "\n\n" not in text[c.mentions[0].end : here.start]
        ]
        if before:
            last = max(c.mentions[0].start for c in before)
            for claim in before:
                if claim.mentions[0].start == last:
                    linked.link(denial.id, claim.id)
    groups: dict[str, list[Claim]] = {}
    for claim in said:
        groups.setdefault(linked.root(claim.id), []).append(claim)
    found: list[Disagreement] = []
    for members in groups.values():
        blame = _blame(members, event_of)
        if len({c.value for c in members}) < 2 and not blame:
            continue
        by_value: dict[str, set[str]] = {}
        for claim in members:
            by_value.setdefault(str(claim.value), set()).add(_claim_source(claim))
        values = list(by_value.values())
        clash = blame or any(x - y and y - x for x, y in combinations(values, 2))
        members.sort(key=lambda c: (order.get(c.mentions[0].article_id, 0), c.mentions[0].start))
        asserted = next((c for c in members if c.value != "denied" or c.event_ids), members[0])
        topic = asserted.subject if asserted.event_ids or asserted.value != "denied" else ""
        # by what is said, in report order: who says it, in which words, where and when
        said_by: dict[str, dict[tuple[str, int], list[Claim]]] = {}
        for claim in members:
            mention = claim.mentions[0]
            said_by.setdefault(str(claim.value), {}).setdefault(
                (mention.article_id, mention.start), []
            ).append(claim)
        parts = []
        for value, sentences in said_by.items():
            told = []
            for (article_id, _), claims_here in sentences.items():
                who = " and ".join(dict.fromkeys(_who(c, names, outlets) for c in claims_here))
                words = " ".join(claims_here[0].mentions[0].sentence.split())
                when = f", {published[article_id]}" if published.get(article_id) else ""
                told.append(
                    f'{who} ("{words}", {outlets.get(article_id, "an unknown outlet")}{when})'
                )
            parts.append(f"{value}: " + "; ".join(told))
        settled_later = _settled_later(members, published)
        if blame:
            kind = "disputed"
            lead = f"Each side blames another ({topic!r}). "
        elif clash and not settled_later:
            kind = "disputed"
            lead = f"Sources disagree on {topic!r}. "
        elif (
            clash or len({published.get(c.mentions[0].article_id, "") for c in members} - {""}) > 1
        ):
            kind = "updated"
            lead = f"A later report updates what an earlier one said on {topic!r}. "
        else:
            continue  # one source's own words on one day (or undated): nothing to set apart
        found.append(
            Disagreement(
                id=_id(kind, [c.id for c in members]),
                about=f"{kind}: {topic}",
                claim_ids=[c.id for c in members],
                event_ids=list(
                    dict.fromkeys(event_of[c.id].id for c in members if c.id in event_of)
                ),
                explanation=lead + " — ".join(parts) + ".",
            )
        )
    return found


_RECIPROCAL = re.compile(r"\b(?:each other|one another|the other)\b", re.IGNORECASE)


def _blame(members: Sequence[Claim], event_of: dict[str, Event]) -> bool:
    """Sides blaming each other: several claimants of one sentence accusing "each other" (or
    "one another", "the other"), or two claimants each naming the other as the doer."""
    sources = {_claim_source(c) for c in members}
    if len(sources) < 2:
        return False
    by_sentence: dict[tuple[str, int], set[str]] = {}
    for claim in members:
        here = claim.mentions[0]
        if _RECIPROCAL.search(here.sentence):
            by_sentence.setdefault((here.article_id, here.start), set()).add(_claim_source(claim))
    if any(len(who) > 1 for who in by_sentence.values()):
        return True
    for a, b in combinations(members, 2):
        ea, eb = event_of.get(a.id), event_of.get(b.id)
        if ea is None or eb is None or a.claimant is None or b.claimant is None:
            continue
        # each accuses the other and not itself
        if (
            a.claimant in eb.actors
            and b.claimant in ea.actors
            and a.claimant not in ea.actors
            and b.claimant not in eb.actors
        ):
            return True
    return False


def _settled_later(members: Sequence[Claim], published: dict[str, str]) -> bool:
    """True when every open claim ("uncertain") was published before every claim that
    settles the question: the later word updates the earlier, nobody contradicts anybody."""

    def day(claim: Claim) -> str:
        return published.get(claim.mentions[0].article_id, "")

    open_days = [day(c) for c in members if c.value in _OPEN_VALUES]
    settled_days = [day(c) for c in members if c.value not in _OPEN_VALUES]
    if not open_days or not settled_days or "" in open_days or "" in settled_days:
        return False
    return max(open_days) < min(settled_days)


def find_disagreements(
    claims: Sequence[Claim],
    events: Sequence[Event],
    articles: Sequence[Article],
    entities: Sequence[Entity],
) -> list[Disagreement]:
    said = assertion_disagreements(claims, events, articles, entities)
    covered = {i for d in said for i in d.event_ids}
    return (
        claim_disagreements(claims, articles, entities)
        + said
        + [
            d
            for d in event_disagreements(events, articles, entities)
            + anaphoric_denials(events, articles, entities)
            if not covered & set(d.event_ids)
        ]
    )
