"""The story layer on hand-built article records: fusion, timeline, disagreements, coverage,
summary citations. Events and claims are written here as the events stage would leave them."""

from __future__ import annotations

from typing import Any

from storyline.model import (
    Article,
    Claim,
    Entity,
    Event,
    EventDate,
    Location,
    Mention,
)
from storyline.stories.assemble import assemble_story, build_stories, fuse_claims
from storyline.stories.coverage import build_coverage
from storyline.stories.disagreements import (
    anaphoric_denials,
    claim_disagreements,
    event_disagreements,
)
from storyline.stories.fuse import dates_compatible, fuse_events
from storyline.stories.summary import Cited, build_summary, unsupported

MOSCOW = Location(name="Moscow", country="RUS", lat=55.75, lon=37.62)
GENEVA = Location(name="Geneva", country="CHE", lat=46.2, lon=6.14)
LISBON = Location(name="Lisbon", country="PRT", lat=38.72, lon=-9.14)

INVITE = (
    "Portugal's foreign ministry said the envoys of Varnia and Ostrel are invited to Lisbon "
    "on October 9 for consultations."
)
TRUCE = (
    "A humanitarian pause was agreed in Lisbon earlier this month after 14 hours of talks "
    "between Varnia and Ostrel."
)


def _article(text: str, *, outlet: str | None, published: str | None, **kw: Any) -> Article:
    return Article.create(
        source=f"{outlet}.html", text=text, outlet=outlet, published=published, **kw
    )


def _mention(article: Article, sentence: str) -> Mention:
    start = article.text.index(sentence)
    return Mention(article.id, sentence, start, start + len(sentence))


def _event(article: Article, sentence: str, n: int = 0, **fields: Any) -> Event:
    mention = _mention(article, sentence)
    defaults: dict[str, Any] = {
        "id": f"{article.id}-e{mention.start + n}",
        "type": "CONSULT",
        "mode": "meet",
        "mentions": [mention],
    }
    defaults.update(fields)
    return Event(**defaults)


def _claim(article: Article, sentence: str, **fields: Any) -> Claim:
    mention = _mention(article, sentence)
    return Claim(id=f"{article.id}-c{mention.start}", mentions=[mention], **fields)


OCT9 = EventDate("2020-10-09", "2020-10-09", "day")
OCT = EventDate("2020-10-01", "2020-10-31", "month")


def test_dates_compatible() -> None:
    assert dates_compatible(OCT9, OCT) and dates_compatible(OCT, OCT9)
    assert dates_compatible(OCT9, EventDate())
    assert not dates_compatible(OCT9, EventDate("2020-10-12", "2020-10-12", "day"))
    assert not dates_compatible(EventDate("2020-09-01", "2020-09-30", "month"), OCT9)


def test_planned_invitation_and_held_talks_are_one_meeting_with_status_history() -> None:
    early = _article(
        INVITE + "\n\nFighting continued overnight.", outlet="Example Wire", published="2020-10-08"
    )
    late = _article(
        TRUCE + "\n\nThe truce was broken within hours.",
        outlet="Daily Caucasus",
        published="2020-10-22",
    )
    invited = _event(
        early,
        INVITE,
        type="AGREE",
        mode="meet",
        actors=["PRT"],
        recipients=["VAR", "OST"],
        date=OCT9,
        location=LISBON,
        status="planned",
        claimant="PRT",
    )
    talks = _event(late, TRUCE, actors=["VAR", "OST"], date=OCT, location=LISBON, status="occurred")
    fused = fuse_events([(early, invited), (late, talks)])
    assert len(fused) == 1
    meeting = fused[0]
    assert meeting.type == "CONSULT" and meeting.status == "occurred"
    assert meeting.date.start == "2020-10-09" and meeting.date.precision == "day"
    assert [r.status for r in meeting.status_history] == ["planned", "occurred"]
    assert [r.article_id for r in meeting.status_history] == [early.id, late.id]
    assert {m.article_id for m in meeting.mentions} == {early.id, late.id}


def test_two_meetings_of_the_same_ministers_on_different_days_stay_two() -> None:
    first = "The foreign ministers of Varnia and Ostrel met in Geneva on October 30."
    second = "The same ministers met again in Geneva on November 5 with the mediators."
    a = _article(first, outlet="Example Wire", published="2020-10-31")
    b = _article(second, outlet="Example Wire", published="2020-11-06")
    nov5 = EventDate("2020-11-05", "2020-11-05", "day")
    oct30 = EventDate("2020-10-30", "2020-10-30", "day")
    e1 = _event(a, first, actors=["VAR", "OST"], date=oct30, location=GENEVA)
    e2 = _event(b, second, actors=["VAR", "OST"], date=nov5, location=GENEVA)
    # A third report, in another article, with no date cannot tell which meeting it is.
    third = "The foreign ministers of Varnia and Ostrel met in Geneva, officials said."
    c = _article(third, outlet="Daily Caucasus", published=None)
    undated = _event(c, third, actors=["VAR", "OST"], location=GENEVA)
    fused = fuse_events([(a, e1), (b, e2), (c, undated)])
    dated = [e for e in fused if e.date.precision == "day"]
    assert sorted(e.date.start for e in dated if e.date.start) == ["2020-10-30", "2020-11-05"]
    assert len(fused) == 3


def test_different_acts_or_actors_or_places_never_fuse() -> None:
    text = "Azerbaijan shelled Stepanakert on Sunday while Armenia and Russia met in Moscow."
    a = _article(text, outlet="Example Wire", published="2020-10-05")
    attack = _event(a, text, type="ASSAULT", mode="heavy-weapons", actors=["AZE"], date=OCT9)
    talks = _event(a, text, n=1, actors=["ARM", "RUS"], date=OCT9, location=MOSCOW)
    other_talks = _event(a, text, n=2, actors=["FRA", "USA"], date=OCT9, location=MOSCOW)
    geneva = _event(a, text, n=3, actors=["ARM", "RUS"], date=OCT9, location=GENEVA)
    assert len(fuse_events([(a, attack), (a, talks), (a, other_talks), (a, geneva)])) == 4


def test_timeline_is_dated_cited_and_leaves_out_background_and_undated() -> None:
    text = (
        "Armenia and Azerbaijan held talks in Moscow on Friday. "
        "The conflict began in 1988 when fighting broke out. Shelling went on."
    )
    a = _article(text, outlet="Example Wire", published="2020-10-10")
    s1, s2, s3 = (
        "Armenia and Azerbaijan held talks in Moscow on Friday.",
        "The conflict began in 1988 when fighting broke out.",
        "Shelling went on.",
    )
    talks = _event(a, s1, actors=["ARM", "AZE"], date=OCT9, location=MOSCOW)
    past = _event(
        a, s2, type="ASSAULT", date=EventDate("1988-01-01", "1988-12-31", "year"), background=True
    )
    shelling = _event(a, s3, type="ASSAULT", mode="heavy-weapons")
    story = assemble_story("s1", "Talks", [_with(a, events=[talks, past, shelling])])
    assert [t.date for t in story.timeline] == ["2020-10-09"]
    entry = story.timeline[0]
    assert entry.citations[0].sentence == s1 and entry.citations[0].article_id == a.id
    assert ("talks" in entry.text or "meet" in entry.text) and "Moscow" in entry.text


def _with(article: Article, **fields: Any) -> Article:
    for name, value in fields.items():
        setattr(article, name, value)
    return article


def test_figures_of_different_claimants_disagree_and_a_later_figure_updates() -> None:
    s1 = "Dravik says 412 Varnian soldiers have died since the border war began."
    s2 = "Pellin said 57 Varnian soldiers were killed, a figure Dravik rejects."
    s3 = "Dravik now says 455 Varnian soldiers have died."
    a = _article(s1, outlet="Example Wire", published="2020-10-20")
    b = _article(s2, outlet="Border News Online", published="2020-10-20")
    c = _article(s3, outlet="Example Wire", published="2020-10-22")
    c1 = _claim(
        a,
        s1,
        subject="Varnian soldiers killed",
        value=412,
        unit="soldier",
        claimant="VAR",
        as_of="2020-10-20",
    )
    c2 = _claim(
        b,
        s2,
        subject="Varnian soldiers killed",
        value=57,
        unit="soldier",
        claimant="OST",
        as_of="2020-10-20",
    )
    c3 = _claim(
        c,
        s3,
        subject="Varnian soldiers killed",
        value=455,
        unit="soldier",
        claimant="VAR",
        as_of="2020-10-22",
    )
    unrelated = _claim(
        a, s1, subject="civilians wounded", value=57, unit="civilian", claimant="OST"
    )
    unrelated.id += "-other"
    entities = [
        _entity("VAR", "Varnia"),
        _entity("OST", "Ostrel"),
    ]
    found = claim_disagreements([c1, c2, c3, unrelated], [a, b, c], entities)
    # one disagreement per disputed quantity, holding every claim on it
    (differ,) = [d for d in found if d.about.startswith("figures differ")]
    assert {c1.id, c2.id} <= set(differ.claim_ids)
    explanation = differ.explanation
    assert "Varnia" in explanation and "Ostrel" in explanation and "412" in explanation
    (update,) = [d for d in found if d.about.startswith("figure updated")]
    assert update.claim_ids == [c1.id, c3.id]
    assert not any(unrelated.id in d.claim_ids for d in found)


def _entity(entity_id: str, name: str) -> Entity:
    return Entity(id=entity_id, name=name, kind="country")


def test_asserted_and_denied_reports_of_one_event_are_a_contradiction() -> None:
    s1 = "Norland said mercenaries from Sudmark were being deployed to the front by Varnia."
    s2 = "Varnia denied that it had deployed any mercenaries from Sudmark to the front."
    a = _article(s1, outlet="Example Wire", published="2020-10-01")
    b = _article(s2, outlet=None, published="2020-10-02")
    deployed = _event(
        a,
        s1,
        n=s1.index("deployed"),
        type="MOBILIZE",
        mode="troops",
        actors=["VAR"],
        status="occurred",
        claimant="NOR",
    )
    denied = _event(
        b,
        s2,
        n=s2.index("deployed"),
        type="MOBILIZE",
        mode="troops",
        actors=["VAR"],
        status="denied",
        claimant="VAR",
    )
    events = fuse_events([(a, deployed), (b, denied)])
    assert len(events) == 1
    found = event_disagreements(
        events, [a, b], [_entity("NOR", "Norland"), _entity("VAR", "Varnia")]
    )
    assert len(found) == 1 and found[0].event_ids == [events[0].id]
    assert "Norland" in found[0].explanation and "Varnia" in found[0].explanation
    assert "denied" in found[0].explanation


def test_open_question_settled_later_is_an_update() -> None:
    s1 = "Nobody knows yet whether the Lisbon summit will bring both envoys to one table."
    s2 = "A joint summit in Lisbon has been called off, officials said."
    a = _article(s1, outlet="Example Wire", published="2020-10-20")
    b = _article(s2, outlet="Daily Caucasus", published="2020-10-22")
    open_event = _event(a, s1, actors=["PRT"], location=LISBON, status="hypothetical")
    ruled_out = _event(b, s2, actors=["PRT"], location=LISBON, status="ruled_out")
    events = fuse_events([(a, open_event), (b, ruled_out)])
    assert len(events) == 1 and events[0].status == "ruled_out"
    found = event_disagreements(events, [a, b], [])
    assert found and found[0].about.startswith("status updated")
    assert "Example Wire" in found[0].explanation and "Daily Caucasus" in found[0].explanation


def test_coverage_per_outlet_with_unknown_outlets_kept_apart() -> None:
    s = "Armenia and Azerbaijan held talks in Moscow on Friday, officials in both capitals said."
    a = _article(s + " One.", outlet="Example Wire", published="2020-10-10")
    b = _article(s + " Two.", outlet=None, published="2020-10-10")
    c = _article(s + " Three.", outlet=None, published="2020-10-11")
    d = _article(s + " One.", outlet="Syndicate Daily", published="2020-10-11", duplicate_of=a.id)
    talks = [_event(x, s, actors=["ARM", "AZE"], date=OCT9, location=MOSCOW) for x in (a, b)]
    only_c = _event(c, s, type="ASSAULT", actors=["AZE"])
    events = fuse_events([(a, talks[0]), (b, talks[1]), (c, only_c)])
    rows = build_coverage([a, b, c, d], events)
    assert [r.outlet for r in rows] == ["Example Wire", "Syndicate Daily", None, None]
    meeting = next(e for e in events if e.type == "CONSULT")
    attack = next(e for e in events if e.type == "ASSAULT")
    wire, syndicate = rows[:2]
    unknown_c = next(r for r in rows if r.article_ids == [c.id])
    assert syndicate.event_ids == [meeting.id]  # the copy repeats the original's events
    assert unknown_c.exclusive_event_ids == [attack.id]
    assert unknown_c.missing_event_ids == [meeting.id]
    assert wire.missing_event_ids == []


def test_summary_check_rejects_a_number_name_or_date_its_citations_do_not_state() -> None:
    cited = [Cited("Azerbaijan said 63 civilians were killed on Friday.", "2020-10-10")]
    assert unsupported("Azerbaijan said 63 civilians were killed on Friday.", cited) == []
    assert unsupported("Azerbaijan said 64 civilians were killed.", cited) == ["number 64"]
    assert unsupported("Turkey said 63 civilians were killed.", cited) == ["name turkey"]
    # the normalised form of a date the citation states is supported, another date is not
    assert unsupported("Azerbaijan said 63 civilians were killed on 9 October 2020.", cited) == []
    assert unsupported("Azerbaijan said 63 civilians were killed on 8 October 2020.", cited)
    assert unsupported("Anything at all.", []) == ["(no citation)"]


def test_summary_sentences_are_cited_and_checked() -> None:
    sentences = [
        "Armenia and Azerbaijan held talks in Moscow on Friday after weeks of fighting.",
        "Azerbaijan shelled Stepanakert, the capital of Nagorno-Karabakh, on Sunday morning.",
        "Russia offered to host a second round of talks between the two foreign ministers.",
        "Turkey said it would back Azerbaijan in any way it asked for, its president said.",
        "Norway, Chile and Japan urged both armies to stop firing by Thursday night.",
        "Iran said it was ready to mediate between its two northern neighbours this week.",
    ]
    a = _article(" ".join(sentences), outlet="Example Wire", published="2020-10-10")
    b = _article(" ".join(reversed(sentences)), outlet="Daily Caucasus", published="2020-10-11")
    events = []
    for n, sentence in enumerate(sentences):
        for article in (a, b):
            events.append((article, _event(article, sentence, type=f"T{n}", actors=[f"X{n}"])))
    fused = fuse_events(events)
    assert len(fused) == len(sentences)
    summary = build_summary(fused, [], [a, b])
    assert 5 <= len(summary) <= 10
    for line in summary:
        assert line.citations
        cited = [Cited(c.sentence, "2020-10-10") for c in line.citations]
        assert unsupported(line.text, cited) == []


def test_identical_figures_from_one_claimant_fuse_into_one_claim() -> None:
    s = "Nagorno-Karabakh officials said 36 civilians had been killed."
    a = _article(s + " A.", outlet="Example Wire", published="2020-10-10")
    b = _article(s + " B.", outlet="Daily Caucasus", published="2020-10-10")
    claims = [
        _claim(
            x, s, subject="civilians killed", value=36, unit="civilian", claimant="region:karabakh"
        )
        for x in (a, b)
    ]
    fused = fuse_claims(claims, [a, b])
    assert len(fused) == 1 and {m.article_id for m in fused[0].mentions} == {a.id, b.id}


def test_build_stories_attaches_duplicates_without_counting_them() -> None:
    s = "Armenia and Azerbaijan held talks in Moscow on Friday, officials in both capitals said."
    a = _article(
        s + " Fighting resumed on Saturday near the front line.",
        outlet="Example Wire",
        published="2020-10-10",
    )
    a.title = "Talks in Moscow"
    copy = _article(
        s + " Fighting resumed on Saturday near the front line!",
        outlet="Syndicate Daily",
        published="2020-10-10",
        duplicate_of=a.id,
    )
    a.events = [_event(a, s, actors=["ARM", "AZE"], date=OCT9, location=MOSCOW)]
    copy.events = [_event(copy, s, actors=["ARM", "AZE"], date=OCT9, location=MOSCOW)]
    stories = build_stories([a, copy])
    assert len(stories) == 1
    story = stories[0]
    assert set(story.article_ids) == {a.id, copy.id}
    assert len(story.events) == 1 and {m.article_id for m in story.events[0].mentions} == {a.id}
    assert story.title == "Talks in Moscow" and story.id.startswith("s")


def test_a_person_stands_for_their_state_and_one_sentence_coded_twice_is_one_act() -> None:
    s1 = "The US Secretary of State will host the two foreign ministers in Washington on Friday."
    s2 = "A three-way summit in Washington is off the table, the State Department said."
    a = _article(
        s1 + " Whether both envoys will sit at one table is not settled.",
        outlet="Example Wire",
        published="2020-10-20",
    )
    b = _article(s2, outlet="Daily Caucasus", published="2020-10-22")
    wash = Location(name="Washington", country="USA")
    hosted = _event(
        a,
        s1,
        type="AGREE",
        mode="host",
        actors=["person:ann-hale"],
        location=wash,
        status="planned",
    )
    unclear = _event(a, s1, n=1, status="hypothetical")  # nobody, no place: the same sentence
    ruled_out = _event(b, s2, recipients=["USA"], location=wash, status="ruled_out")
    events = fuse_events([(a, hosted), (a, unclear), (b, ruled_out)], {"person:ann-hale": "USA"})
    assert len(events) == 1
    assert [r.status for r in events[0].status_history] == ["planned", "hypothetical", "ruled_out"]
    # the host stands for the US: a later report of a US meeting in Washington is the same one
    later = _event(b, s2, n=1, recipients=["USA"], location=wash, status="planned")
    assert len(fuse_events([(a, hosted), (b, later)])) == 2
    assert len(fuse_events([(a, hosted), (b, later)], {"person:ann-hale": "USA"})) == 1


def test_undated_reports_join_each_other_but_not_one_of_two_dated_meetings() -> None:
    s = "The ministers of Varnia and Ostrel held talks again."
    a = _article(s + " A.", outlet="Example Wire", published="2020-10-20")
    b = _article(s + " B.", outlet="Daily Caucasus", published="2020-10-21")
    undated = [_event(x, s, actors=["VAR", "OST"]) for x in (a, b)]
    assert len(fuse_events([(a, undated[0]), (b, undated[1])])) == 1
    # two dated meetings of the same ministers, told by two other articles
    s9, s12 = "They met on October 9.", "They met again on October 12."
    c = _article(s9, outlet="Caspian Post", published="2020-10-10")
    d = _article(s12, outlet="Caspian Post", published="2020-10-13")
    oct9 = _event(c, s9, actors=["VAR", "OST"], date=OCT9)
    oct12 = _event(d, s12, actors=["VAR", "OST"], date=EventDate("2020-10-12", "2020-10-12", "day"))
    fused = fuse_events([(a, undated[0]), (b, undated[1]), (c, oct9), (d, oct12)])
    # each undated report fits both meetings: it cannot tell which, so it stays on its own
    assert len(fused) == 4
    assert sorted(e.date.start or "" for e in fused) == ["", "", "2020-10-09", "2020-10-12"]


def test_a_denial_of_the_claims_disputes_what_the_sentence_before_reported() -> None:
    s1 = "Two rebel commanders told reporters that Varnia is sending mercenaries to the front."
    s2 = "Varnia has denied the claims."
    s3 = "Talks are due to resume next month."
    a = _article(f"{s1} {s2}\n\n{s3}", outlet="Example Wire", published="2021-04-02")
    sending = _event(
        a, s1, type="MOBILIZE", mode="troops", actors=["VAR"], claimant="text:rebel commanders"
    )
    denial = _event(a, s2, type="REJECT", actors=["VAR"])
    later = _event(a, s3, type="REJECT", actors=["VAR"])  # no denial words: nothing
    events = fuse_events([(a, sending), (a, denial), (a, later)])
    denied = anaphoric_denials(events, [a], [_entity("VAR", "Varnia")])
    assert len(denied) == 1
    assert "rebel commanders" in denied[0].explanation and "Varnia" in denied[0].explanation
    assert "mercenaries" in denied[0].explanation  # the reported sentence is quoted
