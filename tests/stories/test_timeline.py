"""Timeline lines: built from an event's act, resolved participants, place and status."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.model import Entity, Event, EventDate, Location, Mention
from storyline.stories.timeline import build_timeline, event_line, undated_events

ENTITIES = [
    Entity("ARM", "Armenia", "country", country="ARM"),
    Entity("AZE", "Azerbaijan", "country", country="AZE"),
    Entity("RUS", "Russia", "country", country="RUS"),
    Entity("GRC", "Greece", "country", country="GRC"),
    Entity("person:sergei-lavrov", "Sergei Lavrov", "person", country="RUS"),
    Entity("region:nagorno-karabakh", "Nagorno-Karabakh", "place", aliases=["Karabakh"]),
]
NAMES = {e.id: e.name for e in ENTITIES}
COUNTRIES = {e.id: e.country for e in ENTITIES if e.kind == "person"}
MOSCOW = Location("Moscow", "RUS")
DAY = EventDate("2020-10-09", "2020-10-09", "day")


def _event(**fields: Any) -> Event:
    sentence = fields.pop("sentence", "Armenia and Azerbaijan held talks in Moscow on Friday.")
    defaults: dict[str, Any] = {
        "id": "e1",
        "type": "CONSULT",
        "mentions": [Mention("a1", sentence, 0, len(sentence))],
    }
    defaults.update(fields)
    return Event(**defaults)


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        # a host and its guests, where it happened
        (
            {"type": "CONSULT", "mode": "host", "actors": ["RUS"], "recipients": ["ARM", "AZE"],
             "location": MOSCOW},
            "Russia hosts talks with Armenia and Azerbaijan in Moscow",
        ),
        # announced, not yet held
        (
            {"actors": ["ARM", "AZE"], "location": MOSCOW, "status": "planned"},
            "Armenia and Azerbaijan to hold talks in Moscow (planned)",
        ),
        # a ruling-out does not say who ruled it out
        (
            {"actors": ["ARM"], "recipients": ["AZE"], "status": "ruled_out"},
            "Armenia: no talks with Azerbaijan (ruled out)",
        ),
        # two sides fighting, nobody named as the target
        (
            {"type": "ASSAULT", "actors": ["AZE", "ARM"],
             "location": Location("Nagorno-Karabakh", "AZE")},
            "Azerbaijan and Armenia fight in Nagorno-Karabakh",
        ),
        # a minister whose state also takes part is said once, as the state
        (
            {"actors": ["person:sergei-lavrov", "RUS"], "recipients": ["ARM"]},
            "Russia holds talks with Armenia",
        ),
        # an unresolved parse span is never named; the act with no actor reads as a noun
        (
            {"type": "SANCTION", "actors": ["text:Foreign"], "recipients": ["GRC"],
             "status": "denied"},
            "Measures against Greece (denied)",
        ),
        ({"type": "THREATEN", "actors": ["RUS"]}, "Russia issues a warning"),
        ({"type": "RETREAT", "mode": "ceasefire", "actors": ["ARM", "AZE"], "status": "proposed"},
         "Armenia and Azerbaijan propose a ceasefire"),
        ({"type": "ASSAULT", "status": "hypothetical"}, "Fighting (possible)"),
        # PLOVER codes a meeting or visit ahead as AGREE: the line says what is to come
        ({"type": "AGREE", "mode": "visit", "actors": ["person:sergei-lavrov"],
          "recipients": ["GRC"], "status": "planned"},
         "Sergei Lavrov to visit Greece (planned)"),
        ({"type": "AGREE", "mode": "meet", "actors": ["ARM"], "recipients": ["AZE"],
          "status": "planned"},
         "Armenia to meet with Azerbaijan (planned)"),
        ({"type": "AGREE", "mode": "meet", "actors": ["ARM", "AZE"], "recipients": ["RUS"]},
         "Armenia and Azerbaijan agree to meet with Russia"),
    ],
)  # fmt: skip
def test_a_line_tells_who_did_what_to_whom_where_and_its_status(
    fields: dict[str, Any], line: str
) -> None:
    assert event_line(_event(**fields), NAMES, COUNTRIES) == line


def test_timeline_is_in_date_order_with_citations_and_undated_events_kept_apart() -> None:
    fighting = _event(
        id="fight",
        type="ASSAULT",
        date=EventDate("2020-09-27", "2020-09-27", "day"),
        sentence="Heavy shelling across Karabakh flared up again on 27 September, officials said.",
        mentions=[
            Mention("a1", "Heavy shelling across Karabakh flared up on 27 September.", 0, 57),
            Mention("a2", "Clashes in Karabakh resumed on 27 September.", 0, 44),
        ],
    )  # fmt: skip
    talks = _event(id="talks", actors=["ARM", "AZE"], location=MOSCOW, date=DAY)
    month = _event(
        id="truce",
        type="RETREAT",
        mode="ceasefire",
        actors=["ARM", "AZE"],
        date=EventDate("2020-10-01", "2020-10-31", "month"),
    )
    background = _event(
        id="old", type="ASSAULT", actors=["ARM"], background=True,
        date=EventDate("1994-01-01", "1994-12-31", "year"),
    )  # fmt: skip
    undated = _event(id="later", actors=["RUS"], recipients=["ARM"])
    noise = _event(id="noise", type="PROTEST", date=DAY)  # nobody, nowhere, one article
    events = [talks, undated, fighting, background, month, noise]
    timeline = build_timeline(events, ENTITIES)
    assert [(t.date, t.event_ids[0]) for t in timeline] == [
        ("2020-09-27", "fight"),
        ("2020-10", "truce"),
        ("2020-10-09", "talks"),
    ]
    # an event with no participant takes the one place its evidence names
    assert timeline[0].text == "Fighting in Nagorno-Karabakh"
    assert [c.article_id for c in timeline[0].citations] == ["a1", "a2"]
    assert all(t.citations for t in timeline)
    assert [e.id for e in undated_events(events)] == ["later"]
