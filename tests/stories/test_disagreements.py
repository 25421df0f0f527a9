"""Disagreements and updates: contested assertions by source, status clashes between sources
only, and one source's own later word as an update (records written here)."""

from __future__ import annotations

from typing import Any

from storyline.model import (
    Article,
    Claim,
    Disagreement,
    Entity,
    Event,
    EventDate,
    Location,
    Mention,
    StatusReport,
)
from storyline.stories.disagreements import (
    anaphoric_denials,
    assertion_disagreements,
    event_disagreements,
    find_disagreements,
)
from storyline.stories.fuse import fuse_events
from storyline.stories.timeline import build_timeline

LISBON = Location(name="Lisbon", country="PRT", lat=38.72, lon=-9.14)
ENTITIES = [
    Entity("VAR", "Varnia", "country"),
    Entity("OST", "Ostrel", "country"),
    Entity("text:rebel commanders", "rebel commanders", "group"),
]


def _article(text: str, outlet: str | None, published: str | None) -> Article:
    return Article.create(source=f"{outlet}.txt", text=text, outlet=outlet, published=published)


def _mention(article: Article, sentence: str) -> Mention:
    start = article.text.index(sentence)
    return Mention(article.id, sentence, start, start + len(sentence))


def _event(article: Article, sentence: str, **fields: Any) -> Event:
    mention = _mention(article, sentence)
    values: dict[str, Any] = {"type": "CONSULT", "mode": "meet", "mentions": [mention]}
    values.update(fields)
    return Event(id=f"{article.id}-e{mention.start}", **values)


def _reported(
    event_id: str, *reports: tuple[Article, str, str, str | None], **fields: Any
) -> Event:
    """A fused event (default: a meeting of Varnia and Ostrel in Lisbon) from its reports,
    oldest first, each (article, sentence, status, claimant); its status is the last one's."""
    values: dict[str, Any] = {
        "type": "CONSULT",
        "mode": "meet",
        "actors": ["VAR", "OST"],
        "location": LISBON,
    }
    values.update(fields)
    return Event(
        id=event_id,
        status=reports[-1][2],
        mentions=[_mention(article, sentence) for article, sentence, _, _ in reports],
        status_history=[
            StatusReport(status, article.id, sentence, article.published, claimant)
            for article, sentence, status, claimant in reports
        ],
        **values,
    )


def _assertion(article: Article, sentence: str, value: str, who: str, **fields: Any) -> Claim:
    mention = _mention(article, sentence)
    return Claim(
        id=f"{article.id}-c{mention.start}-{who}",
        subject=fields.pop("subject", sentence.rstrip(".")),
        value=value,
        unit="assertion",
        claimant=who,
        mentions=[mention],
        **fields,
    )


def test_who_says_mercenaries_were_sent_against_who_denies_it() -> None:
    said = "Two rebel commanders told reporters that Varnia is sending mercenaries to the front."
    denied = "Varnia and Ostrel have denied the claims."
    a = _article(f"{said} {denied}\n\nTalks are due next month.", "Harbour Gazette", "2031-04-02")
    sending = _event(a, said, type="MOBILIZE", mode="troops", actors=["VAR"])
    claims = [
        _assertion(
            a,
            said,
            "asserted",
            "text:rebel commanders",
            subject="Varnia is sending mercenaries to the front",
            event_ids=[sending.id],
        ),
        _assertion(a, denied, "denied", "VAR"),  # "the claims": tied to the sentence before
        _assertion(a, denied, "denied", "OST"),
    ]
    events = fuse_events([(a, sending)])
    (found,) = assertion_disagreements(claims, events, [a], ENTITIES)
    assert sorted(found.claim_ids) == sorted(c.id for c in claims)
    assert found.about.startswith("disputed")
    text = found.explanation
    assert "asserted: rebel commanders" in text
    assert "denied: Varnia and Ostrel" in text
    assert "mercenaries" in text and "Harbour Gazette, 2031-04-02" in text
    # the event-level denial entry is not repeated for the same act
    assert [d.about for d in find_disagreements(claims, events, [a], ENTITIES)] == [found.about]


def _open_then_ruled_out(open_on: str | None, ruled_on: str | None) -> Disagreement:
    """One outlet leaves the format of the Lisbon meeting open, another says it is ruled out."""
    open_ = "Nobody yet knows whether both envoys will share one table in Lisbon."
    ruled = "A joint meeting in Lisbon has been ruled out."
    a = _article(open_, "Harbour Gazette", open_on)
    b = _article(ruled, "Coastline Daily", ruled_on)
    talks = _event(a, open_, location=LISBON, status="hypothetical")
    joint = _event(b, ruled, location=LISBON, status="ruled_out")
    events = fuse_events([(a, talks), (b, joint)])
    claims = [
        _assertion(a, open_, "uncertain", "outlet:Harbour Gazette", event_ids=[talks.id]),
        _assertion(b, ruled, "ruled out", "outlet:Coastline Daily", event_ids=[joint.id]),
    ]
    (found,) = assertion_disagreements(claims, events, [a, b], [])
    return found


def test_an_open_format_and_a_ruled_out_format_of_one_meeting_disagree() -> None:
    found = _open_then_ruled_out(None, None)
    assert "Harbour Gazette" in found.explanation and "Coastline Daily" in found.explanation
    assert "uncertain" in found.explanation and "ruled out" in found.explanation


def test_an_open_question_settled_by_a_later_report_is_an_update() -> None:
    found = _open_then_ruled_out("2031-04-01", "2031-04-03")
    assert found.about.startswith("updated")
    assert "2031-04-01" in found.explanation and "2031-04-03" in found.explanation


def test_one_outlet_never_disagrees_with_itself() -> None:
    said = "Varnia and Ostrel will meet in Lisbon on Friday, the Lisbon Courier reports."
    later = "No meeting between Varnia and Ostrel in Lisbon is planned, the Courier says."
    a = _article(f"{said} {later}", "Lisbon Courier", "2031-04-02")
    meeting = _reported(
        "ev1",
        (a, said, "planned", "outlet:Lisbon Courier"),
        (a, later, "ruled_out", "outlet:Lisbon Courier"),
    )
    assert event_disagreements([meeting], [a], ENTITIES) == []


def test_one_outlet_changing_its_word_on_a_later_day_is_an_update_with_dates() -> None:
    s1 = "Varnia and Ostrel will meet in Lisbon on Friday."
    s2 = "The Lisbon meeting of Varnia and Ostrel has been called off."
    a = _article(s1, "Lisbon Courier", "2031-04-02")
    b = _article(s2, "Lisbon Courier", "2031-04-04")
    meeting = _reported(
        "ev2",
        (a, s1, "planned", None),
        (b, s2, "ruled_out", None),
        date=EventDate("2031-04-04", "2031-04-04", "day"),
    )
    (update,) = event_disagreements([meeting], [a, b], ENTITIES)
    assert update.about.startswith("status updated")
    assert "2031-04-02" in update.explanation and "2031-04-04" in update.explanation
    assert "update" in update.explanation


def test_two_sources_asserting_and_ruling_out_one_meeting_contradict() -> None:
    s1 = "Varnia and Ostrel will meet in Lisbon on Friday."
    s2 = "Ostrel says no meeting with Varnia in Lisbon will take place."
    a = _article(s1, "Lisbon Courier", "2031-04-02")
    b = _article(s2, "Harbour Gazette", "2031-04-02")
    meeting = _reported("ev3", (a, s1, "planned", None), (b, s2, "ruled_out", "OST"))
    (found,) = event_disagreements([meeting], [a, b], ENTITIES)
    assert found.about.startswith("contradiction")
    assert "Lisbon Courier" in found.explanation and "Ostrel" in found.explanation


def test_sides_accusing_each_other_is_a_dispute_about_blame() -> None:
    text = "Both Varnia and Ostrel accused each other of breaking the truce."
    a = _article(text, "Harbour Gazette", "2031-04-02")
    claims = [
        _assertion(a, text, "asserted", "VAR", subject="accused each other of breaking the truce"),
        _assertion(a, text, "asserted", "OST", subject="accused each other of breaking the truce"),
    ]
    (found,) = assertion_disagreements(claims, [], [a], ENTITIES)
    assert found.about.startswith("disputed") and "blames" in found.explanation
    assert "Varnia and Ostrel" in found.explanation
    # one source asserting one thing is no dispute
    assert assertion_disagreements(claims[:1], [], [a], ENTITIES) == []


def test_two_sides_each_naming_the_other_as_culprit_dispute_the_blame() -> None:
    s1 = "Varnia said Ostrel broke the truce overnight."
    s2 = "Ostrel said Varnia broke the truce overnight."
    a = _article(s1, "Harbour Gazette", "2031-04-02")
    b = _article(s2, "Coastline Daily", "2031-04-02")
    by_ostrel = _event(a, s1, type="ASSAULT", mode=None, actors=["OST"])
    by_varnia = _event(b, s2, type="ASSAULT", mode=None, actors=["VAR"])
    events = fuse_events([(a, by_ostrel), (b, by_varnia)])
    claims = [
        _assertion(
            a,
            s1,
            "asserted",
            "VAR",
            subject="Ostrel broke the truce overnight",
            event_ids=[by_ostrel.id],
        ),
        _assertion(
            b,
            s2,
            "asserted",
            "OST",
            subject="Varnia broke the truce overnight",
            event_ids=[by_varnia.id],
        ),
    ]
    (found,) = assertion_disagreements(claims, events, [a, b], ENTITIES)
    assert "blames" in found.explanation
    assert "Varnia" in found.explanation and "Ostrel" in found.explanation


# A minister acting with her own state: the timeline says the state once, not "Lena Varr and
# Varnia"; the disagreement about that event must name it as the timeline does.
WITH_MINISTER = [*ENTITIES, Entity("person:lena-varr", "Lena Varr", "person", country="VAR")]


def test_a_contradiction_names_the_event_as_the_timeline_does() -> None:
    s1 = "Foreign Minister Lena Varr said Varnia will meet Ostrel in Lisbon on Friday."
    s2 = "Ostrel says no meeting with Varnia in Lisbon will take place."
    a = _article(s1, "Lisbon Courier", "2031-04-02")
    b = _article(s2, "Harbour Gazette", "2031-04-02")
    meeting = _reported(
        "ev5",
        (a, s1, "planned", "person:lena-varr"),
        (b, s2, "ruled_out", "OST"),
        actors=["person:lena-varr", "VAR"],
        recipients=["OST"],
        date=EventDate("2031-04-04", "2031-04-04", "day"),
    )
    (entry,) = build_timeline([meeting], WITH_MINISTER)
    (found,) = event_disagreements([meeting], [a, b], WITH_MINISTER)
    assert found.about == f"contradiction: {entry.text}"
    assert "Lena Varr" not in found.about
    assert "Lena Varr" in found.explanation  # she is still the one who said it


def test_a_denial_of_the_claims_names_the_act_as_the_timeline_does() -> None:
    said = "Lena Varr and Varnian officers shelled Ostrel border posts on Monday, locals said."
    denied = "Varnia has denied the claims."
    a = _article(f"{said} {denied}", "Harbour Gazette", "2031-04-02")
    shelling = _event(
        a,
        said,
        type="ASSAULT",
        mode="bombard",
        actors=["person:lena-varr", "VAR"],
        recipients=["OST"],
        date=EventDate("2031-03-31", "2031-03-31", "day"),
        claimant="text:locals",
    )
    denial = _event(a, denied, type="REJECT", mode="deny", actors=["VAR"], status="denied")
    (entry,) = build_timeline([shelling], WITH_MINISTER)
    (found,) = anaphoric_denials([shelling, denial], [a], WITH_MINISTER)
    assert found.about == f"denied: {entry.text}"
    assert "Lena Varr" not in found.about
