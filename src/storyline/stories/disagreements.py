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

from storyline.model import Article, Claim, Disagreement, Entity, Event, StatusReport
from storyline.stories.fuse import stories_resource
from storyline.stories.timeline import entity_name, event_line

ASSERTING = frozenset({"occurred", "planned", "proposed"})
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
    parent: dict[str, str] = {}

    def root(claim_id: str) -> str:
        while parent.setdefault(claim_id, claim_id) != claim_id:
            claim_id = parent[claim_id]
        return claim_id

    def kind_of(pair: Disagreement) -> str:
        return pair.about.partition(": ")[0]

    for pair in pairs:
        first, *rest = (f"{kind_of(pair)}|{i}" for i in pair.claim_ids)
        for other in rest:
            parent[root(other)] = root(first)
    groups: dict[tuple[str, str], list[Disagreement]] = {}
    for pair in pairs:
        key = (kind_of(pair), root(f"{kind_of(pair)}|{pair.claim_ids[0]}"))
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


def event_disagreements(
    events: Sequence[Event], articles: Sequence[Article], entities: Sequence[Entity]
) -> list[Disagreement]:
    names = {e.id: e.name for e in entities}
    outlets = {a.id: a.outlet or "an unknown outlet" for a in articles}
    found: list[Disagreement] = []
    for event in events:
        statuses = {r.status for r in event.status_history}
        line = event_line(event, names)
        if statuses & ASSERTING and statuses & NEGATING:
            asserted = [r for r in event.status_history if r.status in ASSERTING]
            negated = [r for r in event.status_history if r.status in NEGATING]
            found.append(
                Disagreement(
                    id=_id("contradiction", [event.id]),
                    about=f"contradiction: {line}",
                    event_ids=[event.id],
                    explanation=(
                        f"{_sources(asserted, outlets, names)} report it as "
                        f"{_statuses(asserted)}; {_sources(negated, outlets, names)} report it as "
                        f"{_statuses(negated)}."
                    ),
                )
            )
        elif statuses & OPEN and statuses - OPEN:
            history = event.status_history
            opened = [r for r in history if r.status in OPEN]
            settled = [r for r in history if r.status not in OPEN]
            if opened[0] is history[0]:
                explanation = (
                    f"First reported as {_statuses(opened)} ({_sources(opened, outlets, names)});"
                    f" a later report says {_statuses(settled)}"
                    f" ({_sources(settled, outlets, names)})."
                )
                kind = "status updated"
            else:
                explanation = (
                    f"{_sources(settled, outlets, names)} report it as {_statuses(settled)}; "
                    f"{_sources(opened, outlets, names)} leave it {_statuses(opened)}."
                )
                kind = "status differs"
            found.append(
                Disagreement(
                    id=_id(kind, [event.id]),
                    about=f"{kind}: {line}",
                    event_ids=[event.id],
                    explanation=explanation,
                )
            )
    return found


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
            acts = "; ".join(event_line(e, names) for e in reported)
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


def find_disagreements(
    claims: Sequence[Claim],
    events: Sequence[Event],
    articles: Sequence[Article],
    entities: Sequence[Entity],
) -> list[Disagreement]:
    return (
        claim_disagreements(claims, articles, entities)
        + event_disagreements(events, articles, entities)
        + anaphoric_denials(events, articles, entities)
    )
