"""Coverage: per outlet, what it reported, what only it reported, which main events it missed."""

from __future__ import annotations

from storyline.model import Article, Event, Mention
from storyline.stories.coverage import build_coverage, main_events


def _article(text: str, outlet: str | None) -> Article:
    return Article.create(source=f"{outlet}.html", text=text, outlet=outlet)


def _event(event_id: str, *articles: Article, background: bool = False) -> Event:
    return Event(
        id=event_id,
        type="CONSULT",
        background=background,
        mentions=[Mention(a.id, a.text, 0, len(a.text)) for a in articles],
    )


def test_main_events_are_those_several_outlets_reported_most_reported_first() -> None:
    wire_1 = _article("Talks were held in Moscow on Friday, the wire said.", "Example Wire")
    wire_2 = _article("The wire's second report on the Moscow talks and the truce.", "Example Wire")
    herald = _article("The Herald on the truce agreed in Moscow and the talks.", "Herald")
    unknown_1 = _article("A page of unknown outlet on the truce and the talks.", None)
    unknown_2 = _article("Another page of unknown outlet on the truce.", None)
    articles = [wire_1, wire_2, herald, unknown_1, unknown_2]
    talks = _event("talks", wire_1, wire_2, herald, unknown_1)
    truce = _event("truce", wire_2, herald, unknown_1, unknown_2)
    wire_only = _event("wire-only", wire_1, wire_2)  # two articles, one outlet
    history = _event("history", wire_1, herald, background=True)
    events = [wire_only, talks, truce, history]
    # truce: four outlets (each unknown page counts as its own); talks: three
    assert main_events(events, articles) == ["truce", "talks"]
    rows = build_coverage(articles, events)
    assert [r.outlet for r in rows] == ["Example Wire", "Herald", None, None]
    wire, herald_row, page_1, page_2 = rows
    assert wire.article_ids == [wire_1.id, wire_2.id]
    assert set(wire.event_ids) == {"talks", "truce", "wire-only"}  # background left out
    assert wire.exclusive_event_ids == ["wire-only"] and wire.missing_event_ids == []
    assert herald_row.missing_event_ids == []
    assert page_2.article_ids == [unknown_2.id] and page_2.missing_event_ids == ["talks"]
    assert page_1.exclusive_event_ids == []
