"""One record per real event: fusion rules on hand-built reports (sentences written here)."""

from __future__ import annotations

import dataclasses
from typing import Any

from storyline.model import (
    Article,
    EntityMention,
    Event,
    EventDate,
    Location,
    Mention,
    TimeExpression,
)
from storyline.stories.fuse import fuse_events

LISBON = Location(name="Lisbon", country="PRT", lat=38.72, lon=-9.14)
OSLO = Location(name="Oslo", country="NOR", lat=59.91, lon=10.75)
ROME = Location(name="Rome", country="ITA", lat=41.89, lon=12.48)


def _article(text: str, published: str | None, outlet: str = "Harbour Gazette") -> Article:
    return Article.create(source=f"{outlet}.txt", text=text, outlet=outlet, published=published)


def _report(article: Article, sentence: str, trigger: str, **fields: Any) -> Event:
    """An article-level event as the events stage leaves it: id from the trigger's offset."""
    start = article.text.index(sentence)
    offset = article.text.index(trigger, start)

    mention = Mention(article.id, sentence, start, start + len(sentence))
    defaults: dict[str, Any] = {"type": "CONSULT", "mode": "meet", "mentions": [mention]}
    defaults.update(fields)
    return Event(id=f"{article.id}-e{offset}", **defaults)


def _timex(article: Article, text: str, value: str) -> None:
    start = article.text.index(text)
    article.timexes.append(
        TimeExpression(start, start + len(text), text, "DATE", value, precision="day")
    )


def _city(article: Article, name: str, place: Location) -> None:
    start = article.text.index(name)
    article.entity_mentions.append(
        EntityMention(
            start,
            start + len(name),
            name,
            "GPE",
            place=f"geonames:{abs(hash(name)) % 10_000}",
            country=place.country,
            lat=place.lat,
            lon=place.lon,
        )
    )


def _day(value: str) -> EventDate:
    return EventDate(value, value, "day")


def test_invitation_talks_and_a_later_truce_in_the_same_city_are_one_meeting() -> None:
    invite = (
        "The fisheries ministers of Norland and Sudmark are invited to Lisbon on March 14 "
        "for consultations chaired by the Portuguese minister, the statement said."
    )
    agreed = "Norland and Sudmark agreed to meet in Lisbon on Friday, the hosts said."
    confirmed = '"Each delegation has now said it will send its minister to the Lisbon talks."'
    truce = "A quota truce was agreed in Lisbon earlier this month after nine hours of talks."
    a = _article(invite + "\n\nTrawlers stayed in port.", "2031-03-12")
    b = _article(agreed + " " + confirmed, "2031-03-14", outlet="Coastline Daily")
    c = _article("Quota rows flared again.\n\n" + truce, None, outlet="North Sea Ledger")
    _timex(a, "March 14", "2031-03-14")
    _city(a, "Lisbon", LISBON)
    # the event coded for the invitation names nobody and no date: its sentence does
    planned = _report(a, invite, "consultations", status="planned")
    held = _report(
        b,
        agreed,
        "meet",
        type="AGREE",
        actors=["NRL", "SDM"],
        date=_day("2031-03-14"),
        location=LISBON,
        status="planned",
    )
    participation = _report(b, confirmed, "talks", location=LISBON, status="occurred")
    agreed_truce = _report(c, truce, "talks", location=LISBON, status="occurred")
    fused = fuse_events([(a, planned), (b, held), (b, participation), (c, agreed_truce)])
    assert len(fused) == 1
    meeting = fused[0]
    assert {m.article_id for m in meeting.mentions} == {a.id, b.id, c.id}
    assert meeting.date.start == "2031-03-14" and meeting.location is not None
    assert [r.status for r in meeting.status_history] == [
        "planned",
        "planned",
        "occurred",
        "occurred",
    ]
    assert meeting.status == "occurred"  # the latest report


def test_an_unpinned_weekday_rules_out_a_meeting_on_another_weekday() -> None:
    friday = "The two ministers met in Oslo on Friday."
    tuesday = "The two ministers met once more, this time with aides only, on Tuesday."
    a = _article(friday, "2031-05-10")  # Friday = 9 May 2031
    b = _article(tuesday, None)  # no publication date: "Tuesday" cannot be pinned
    _timex(b, "Tuesday", "XXXX-WXX-2")
    first = _report(a, friday, "met", actors=["NRL", "SDM"], date=_day("2031-05-09"), location=OSLO)
    second = _report(b, tuesday, "met", actors=["NRL", "SDM"])
    assert len(fuse_events([(a, first), (b, second)])) == 2
    # the same words on a Friday would join it
    c = _article(tuesday.replace("Tuesday", "Friday"), None)
    _timex(c, "Friday", "XXXX-WXX-5")
    third = _report(c, c.text, "met", actors=["NRL", "SDM"])
    assert len(fuse_events([(a, first), (c, third)])) == 1


def test_two_people_acting_are_two_acts_even_towards_the_same_guests() -> None:
    offer = "Minister Ana Reis has offered to host the two delegations."
    invite = "President Olav Berg's invitation to the two delegations stands."
    a, b = _article(offer, None), _article(invite, None, outlet="Coastline Daily")
    reis = _report(a, offer, "offered", type="AGREE", mode=None, actors=["person:ana-reis"])
    berg = _report(b, invite, "invitation", type="AGREE", mode=None, actors=["person:olav-berg"])
    people = {"person:ana-reis": "PRT", "person:olav-berg": "NRL"}
    assert len(fuse_events([(a, reis), (b, berg)], people)) == 2


def test_shared_states_alone_do_not_tie_an_undated_report_to_a_meeting() -> None:
    held = "Norland and Sudmark held talks in Rome on June 2 with the mediator Ana Reis."
    vague = "Norland and Sudmark have been talking through mediators for years."
    a, b = _article(held, "2031-06-03"), _article(vague, None)
    talks = _report(
        a,
        held,
        "talks",
        actors=["NRL", "SDM"],
        recipients=["person:ana-reis"],
        date=_day("2031-06-02"),
        location=ROME,
    )
    generic = _report(b, vague, "talking", actors=["NRL", "SDM"])
    assert len(fuse_events([(a, talks), (b, generic)], {"person:ana-reis": "PRT"})) == 2


def test_one_sentence_ruling_out_one_meeting_and_reporting_another_tells_two_acts() -> None:
    text = (
        "Sudmark ruled out any talks with Norland and did not attend the meetings in Oslo "
        "on Thursday between the mediators and Norland's envoy."
    )
    a = _article(text, "2031-04-04")
    ruled_out = _report(a, text, "talks", actors=["SDM"], status="ruled_out")
    attended = _report(a, text, "meetings", actors=["NRL"], date=_day("2031-04-03"), location=OSLO)
    assert len(fuse_events([(a, ruled_out), (a, attended)])) == 2


def test_history_never_fuses_with_the_news() -> None:
    old = "A war between Norland and Sudmark in the 1990s left thousands dead."
    new = "Fighting between Norland and Sudmark resumed on the border."
    a = _article(old + " " + new, "2031-02-01")
    war = _report(a, old, "war", type="ASSAULT", mode=None, actors=["NRL", "SDM"], background=True)
    fighting = _report(a, new, "Fighting", type="ASSAULT", mode=None, actors=["NRL", "SDM"])
    assert len(fuse_events([(a, war), (a, fighting)])) == 2


def test_a_phone_call_is_no_meeting_on_the_same_day() -> None:
    text = "Reis phoned Berg on Monday; the two met in Rome the same Monday evening."
    a = _article(text, "2031-06-03")
    call = _report(
        a,
        text,
        "phoned",
        mode="phone",
        actors=["person:ana-reis"],
        recipients=["person:olav-berg"],
        date=_day("2031-06-02"),
    )
    met = _report(
        a,
        text,
        "met",
        actors=["person:ana-reis", "person:olav-berg"],
        date=_day("2031-06-02"),
        location=ROME,
    )
    assert len(fuse_events([(a, call), (a, met)])) == 2


def test_a_denial_answers_only_the_act_and_people_it_names() -> None:
    visit = "Minister Berg planned to travel on Monday to Lisbon, his first state visit abroad."
    no_talks = "Direct talks between Berg and Minister Ana Reis are not planned, his office said."
    a = _article(f"{visit} {no_talks}", "2031-06-05")
    people = {"person:olav-berg": "NRL", "person:ana-reis": "PRT"}
    travel = _report(
        a,
        visit,
        "travel",
        type="AGREE",
        mode="visit",
        actors=["person:olav-berg"],
        date=_day("2031-06-02"),
        location=LISBON,
        status="planned",
    )
    ruled_out = _report(
        a,
        no_talks,
        "talks",
        actors=["person:olav-berg", "person:ana-reis"],
        status="ruled_out",
    )
    assert len(fuse_events([(a, travel), (a, ruled_out)], people)) == 2
    # the same talks reported held elsewhere are what the denial answers
    held = "Berg and Reis held direct talks in Lisbon on Monday."
    b = _article(held, "2031-06-03", outlet="Coastline Daily")
    talks = _report(
        b,
        held,
        "talks",
        actors=["person:olav-berg", "person:ana-reis"],
        date=_day("2031-06-02"),
        location=LISBON,
    )
    fused = fuse_events([(b, talks), (a, ruled_out)], people)
    assert len(fused) == 1
    assert [r.status for r in fused[0].status_history] == ["occurred", "ruled_out"]


def test_an_offer_of_a_meeting_is_not_a_scheduled_visit() -> None:
    visit = "Minister Berg planned to travel on Monday to Lisbon, his first state visit abroad."
    offer = "Minister Ana Reis has offered to host Berg for talks."
    a = _article(f"{visit} {offer}", "2031-06-05")
    travel = _report(
        a,
        visit,
        "travel",
        type="AGREE",
        mode="visit",
        actors=["person:olav-berg"],
        date=_day("2031-06-02"),
        status="planned",
    )
    offered = _report(
        a,
        offer,
        "offered",
        type="AGREE",
        mode="meet",
        actors=["person:ana-reis"],
        recipients=["person:olav-berg"],
        date=_day("2031-06-05"),  # the day of the offer, not of any meeting
        status="proposed",
    )
    assert len(fuse_events([(a, travel), (a, offered)])) == 2


def test_one_sentence_telling_one_act_twice_is_one_act() -> None:
    text = (
        "Gunmen flown in to the northern front, the ministry said, voicing concern about the "
        "continued deployment of hired gunmen from abroad."
    )
    a = _article(text, "2031-03-02")
    flown = _report(a, text, "flown", type="MOBILIZE", mode="troops")
    deployment = _report(
        a, text, "deployment", type="MOBILIZE", mode="troops", recipients=["text:hired gunmen"]
    )
    assert len(fuse_events([(a, flown), (a, deployment)])) == 1


def test_a_held_meeting_joins_a_group_that_also_holds_a_proposal() -> None:
    agreed = (
        "Norland and Sudmark agreed to meet in Lisbon on Friday after Norland called for talks."
    )
    held = "The two ministers met in Lisbon for nine hours."
    a = _article(agreed, "2031-03-14")
    b = _article(held, None, outlet="Coastline Daily")
    meeting = _report(
        a,
        agreed,
        "meet",
        type="AGREE",
        actors=["NRL", "SDM"],
        date=_day("2031-03-14"),
        location=LISBON,
        status="planned",
    )
    call = _report(a, agreed, "talks", actors=["NRL"], status="proposed")
    talks = _report(b, held, "met", location=LISBON)
    fused = fuse_events([(a, meeting), (a, call), (b, talks)])
    assert len(fused) == 1 and {m.article_id for m in fused[0].mentions} == {a.id, b.id}
    assert {r.status for r in fused[0].status_history} == {"planned", "proposed", "occurred"}


def test_an_undated_report_of_the_same_day_of_the_year_joins_the_dated_outbreak() -> None:
    dated = "Heavy fighting broke out along the Varna ridge on April 3, the border guards said."
    undated = "Their old dispute flared again on April 3 with artillery duels along the ridge."
    other_day = "Their old dispute flared again on April 5 with artillery duels along the ridge."
    a = _article(dated, "2031-04-06")
    b = _article(undated, None, outlet="Coastline Daily")
    c = _article(other_day, None, outlet="North Sea Ledger")
    _timex(a, "April 3", "2031-04-03")
    _timex(b, "April 3", "XXXX-04-03")
    _timex(c, "April 5", "XXXX-04-05")
    fighting: dict[str, Any] = {"type": "ASSAULT", "mode": "fight"}
    outbreak = _report(a, dated, "fighting", date=_day("2031-04-03"), **fighting)
    flare = _report(b, undated, "flared", **fighting)
    later = _report(c, other_day, "flared", **fighting)
    fused = fuse_events([(a, outbreak), (b, flare), (c, later)])
    assert len(fused) == 2
    joined = next(e for e in fused if len(e.mentions) == 2)
    assert {m.article_id for m in joined.mentions} == {a.id, b.id}
    assert joined.date.start == "2031-04-03"  # the dated report's own day, year included


def test_separate_talks_with_each_party_stay_separate_meetings() -> None:
    sentence = (
        "Norway's foreign minister met the Varnian envoy and his Ostrelian counterpart for "
        "separate talks on Monday and Tuesday."
    )
    article = _article(sentence + "\n\nThe Ostrelian envoy met the minister on Tuesday.", None)
    varnian = _report(
        article, sentence, "met", actors=["person:nor-minister"], recipients=["person:varn"]
    )
    ostrelian = dataclasses.replace(varnian, id=varnian.id + "-2", recipients=["person:ostrel"])
    later = "The Ostrelian envoy met the minister on Tuesday."
    again = _report(
        article, later, "met", actors=["person:ostrel"], recipients=["person:nor-minister"]
    )
    fused = fuse_events([(article, varnian), (article, ostrelian), (article, again)])
    assert len(fused) == 2
    (with_ostrel,) = [e for e in fused if len(e.mentions) == 2]
    assert "person:varn" not in with_ostrel.actors + with_ostrel.recipients
