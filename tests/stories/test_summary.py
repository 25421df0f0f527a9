"""The cited summary and its support checker, on articles written for these tests."""

from __future__ import annotations

from typing import Any

from storyline.model import (
    Article,
    Brief,
    Citation,
    Claim,
    Disagreement,
    Entity,
    Event,
    EventDate,
    Location,
    Mention,
    StatusReport,
    Story,
    SummarySentence,
    TimelineEntry,
)
from storyline.stories.summary import build_summary, last_line, reads_alone
from storyline.stories.support import (
    Cited,
    NameTable,
    check_brief,
    corroborates,
    idle_citations,
    unsupported,
)

ENTITIES = [
    Entity("ARM", "Armenia", "country", aliases=["Yerevan", "Armenian"]),
    Entity("AZE", "Azerbaijan", "country", aliases=["Baku", "Azeri"]),
    Entity("RUS", "Russia", "country", aliases=["Moscow", "the Kremlin"]),
    Entity("TUR", "Turkey", "country", aliases=["Ankara"]),
    Entity("VAR", "Varnia", "country", aliases=["Dravik", "Varnian"]),
    Entity("OST", "Ostrel", "country", aliases=["Pellin", "Ostrelian"]),
    Entity("SUD", "Sudmark", "country"),
    Entity("PRT", "Portugal", "country", aliases=["Lisbon", "Portuguese"]),
    Entity("person:tomas-marek", "Tomas Marek", "person", aliases=["Marek"]),
]
NAMES = NameTable.of(ENTITIES)


def test_a_name_number_or_date_the_citation_does_not_state_is_reported() -> None:
    cited = [Cited("Baku said on Friday that 11 soldiers were killed near Fuzuli.", "2020-10-10")]
    assert unsupported("Baku said on Friday that 11 soldiers were killed near Fuzuli.", cited) == []
    # another name of the same entity, a number in words, the calendar day of "Friday"
    assert unsupported("Azerbaijan said eleven soldiers were killed.", cited, NAMES) == []
    assert (
        unsupported("Azerbaijan said 11 soldiers were killed on 9 October 2020.", cited, NAMES)
        == []
    )
    assert unsupported("Azerbaijan said 11 soldiers were killed.", cited) == ["name azerbaijan"]
    assert unsupported("Baku said 12 soldiers were killed near Fuzuli.", cited) == ["number 12"]
    assert unsupported("Baku said 11 soldiers were killed on 8 October 2020.", cited) == [
        "date 8 October 2020"
    ]
    assert unsupported("Turkey said 11 soldiers were killed.", cited, NAMES) == ["name turkey"]
    assert unsupported("Anything at all.", []) == ["(no citation)"]


def test_a_relative_date_needs_the_articles_date_to_become_a_day() -> None:
    undated = [Cited("Baku said on Friday that 11 soldiers were killed.", None)]
    assert unsupported("Baku said on Friday that 11 soldiers were killed.", undated) == []
    assert unsupported("Baku said 11 soldiers were killed on 9 October 2020.", undated) == [
        "date 9 October 2020"
    ]


def test_a_citation_that_supports_nothing_is_idle() -> None:
    text = "Baku said 11 soldiers were killed near Fuzuli."
    own = Cited("Baku said 11 soldiers were killed near Fuzuli on Friday.", "2020-10-10")
    corroborating = Cited("Eleven soldiers were killed near Fuzuli, Baku said.", "2020-10-11")
    unrelated = Cited("Fighting went on near Fuzuli into the night.", "2020-10-11")
    assert idle_citations(text, [own, corroborating, unrelated]) == [2]
    # two sentences read as one: each is needed, neither is idle
    pair = "Sources told Reuters that Ankara sent fighters. Turkey has denied the claims."
    parts = [
        Cited("Sources told Reuters that Ankara sent fighters.", None),
        Cited("Turkey has denied the claims.", None),
    ]
    assert idle_citations(pair, parts, NAMES) == []


def test_the_same_names_saying_something_else_is_no_support() -> None:
    text = "A joint summit in Lisbon has been called off and both envoys will see Marek separately."
    own = Cited(text, "2020-10-08")
    other = Cited("Marek will receive the two envoys in Lisbon on Tuesday.", None)
    syndicated = Cited("A joint summit in Lisbon has been called off; both envoys will see "
                       "Marek separately, diplomats said.", None)  # fmt: skip
    assert not unsupported(text, [other])  # every name is there ...
    assert not corroborates(text, other)  # ... but not what is said of them
    assert corroborates(text, syndicated)
    assert idle_citations(text, [own, other, syndicated]) == [1]


def test_sentences_that_do_not_read_alone_are_not_summary_material() -> None:
    assert reads_alone("Portugal said Varnia and Ostrel agreed to hold talks in Lisbon on Friday.")
    assert not reads_alone("He also noted that the ceasefire had not held in the south.")
    assert not reads_alone("For his part, Marek was due to see the two envoys in Rome.")
    assert not reads_alone("We will not accept any preconditions for the talks, he said.")
    assert not reads_alone("Three failed ceasefires A ceasefire was reached in Lisbon at dawn.")
    assert not reads_alone("Varnia and Ostrel to attend border talks in Lisbon")  # a headline
    assert not reads_alone('"We will keep fighting, the commander said on the radio.')
    assert not reads_alone("Sudmark and Ostrel have denied the claims.")  # which claims?


def test_a_heading_glued_to_a_sentence_is_left_out_of_it() -> None:
    glued = "Three failed ceasefires\n\nA ceasefire was reached in Lisbon late last month."
    assert not reads_alone(glued)
    assert last_line(glued) == "A ceasefire was reached in Lisbon late last month."
    assert reads_alone(last_line(glued))


def _article(paragraphs: list[str], outlet: str | None, published: str | None) -> Article:
    return Article.create(
        source=f"{outlet or 'page'}.html",
        text="\n\n".join(paragraphs),
        outlet=outlet,
        published=published,
    )


def _mention(article: Article, sentence: str) -> Mention:
    start = article.text.index(sentence)
    return Mention(article.id, sentence, start, start + len(sentence))


def _event(event_id: str, reports: list[tuple[Article, str, str]], **fields: Any) -> Event:
    """An event as fusion leaves it: one mention and one status report per (article, sentence)."""
    return Event(
        id=event_id,
        mentions=[_mention(a, s) for a, s, _ in reports],
        status_history=[StatusReport(st, a.id, s, a.published) for a, s, st in reports],
        **fields,
    )


WIRE = [
    "Portugal said Varnia and Ostrel have agreed to hold talks in Lisbon on Friday about "
    "a settlement of the border war in the Tessin valley.",
    "Marek was scheduled to fly to Lisbon on Monday.",
    "He also said the talks would be difficult.",
    "Two rebel commanders have told Reuters that Sudmark is arming volunteers to help Ostrel.",
    "Sudmark and Ostrel have denied the claims.",
]
HERALD = [
    "The foreign ministers of Varnia and Ostrel met in Lisbon on Friday for talks hosted "
    "by Portugal, officials in Dravik said.",
    "Dravik says 412 Varnian soldiers have died since the border war began.",
    "Varnia and Ostrel have accused each other of shelling villages.",
]
DAILY = [
    "Varnia and Ostrel have accused each other of shelling villages, Lisbon said.",
    "Pellin has reported 29 civilian casualties but gives no figure for its army.",
]


def _story_parts() -> tuple[list[Article], list[Event], list[Claim], list[Disagreement]]:
    wire = _article(WIRE, "Example Wire", "2020-10-07")
    herald = _article(HERALD, None, "2020-10-10")
    daily = _article(DAILY, "Border Daily", "2020-10-11")
    day = EventDate("2020-10-09", "2020-10-09", "day")
    talks = _event(
        "talks",
        [
            (wire, WIRE[0], "planned"),
            (wire, WIRE[1], "planned"),
            (wire, WIRE[2], "planned"),
            (herald, HERALD[0], "occurred"),
        ],
        type="CONSULT",
        actors=["VAR", "OST"],
        recipients=["PRT"],
        date=day,
        location=Location("Lisbon", "PRT"),
        status="occurred",
    )
    accusations = _event(
        "accuse",
        [(herald, HERALD[2], "occurred"), (daily, DAILY[0], "occurred")],
        type="ACCUSE",
        actors=["VAR", "OST"],
    )
    fighters = _event(
        "fighters",
        [(wire, WIRE[3], "occurred"), (wire, WIRE[4], "denied")],
        type="MOBILIZE",
        mode="troops",
        actors=["SUD"],
        status="denied",
    )
    claims = [
        Claim(
            "c412", "Varnian soldiers killed", 412, "soldier", "VAR",
            mentions=[_mention(herald, HERALD[1])],
        ),
        Claim(
            "c29", "civilian casualties", 29, "casualty", "OST",
            mentions=[_mention(daily, DAILY[1])],
        ),
    ]  # fmt: skip
    disagreements = [Disagreement("d1", "denied", event_ids=["fighters"])]
    return [wire, herald, daily], [talks, accusations, fighters], claims, disagreements


def test_summary_leads_with_the_main_event_and_cites_only_supporting_sentences() -> None:
    articles, events, claims, disagreements = _story_parts()
    summary = build_summary(
        events, claims, articles, entities=ENTITIES, disagreements=disagreements
    )
    texts = [s.text for s in summary]
    # the meeting most outlets reported comes first, told by a sentence that says when
    assert "Lisbon on Friday" in texts[0] and "Marek was scheduled" not in " ".join(texts)
    assert not any(t.startswith("He ") for t in texts)
    assert any("412" in t for t in texts) and any("29 civilian" in t for t in texts)
    # the denial is read with the report it denies
    assert any(t.endswith("have denied the claims.") and "Reuters" in t for t in texts)
    published = {a.id: a.published for a in articles}
    for sentence in summary:
        cited = [Cited(c.sentence, published[c.article_id]) for c in sentence.citations]
        assert unsupported(sentence.text, cited, NAMES) == []
        assert idle_citations(sentence.text, cited, NAMES) == []
    brief = Brief(articles=articles, stories=[_story(summary)])
    assert check_brief(brief) == []


def test_a_relative_day_gets_its_calendar_date_when_the_article_is_dated() -> None:
    articles, events, claims, _ = _story_parts()
    summary = build_summary(events, claims, articles, entities=ENTITIES)
    herald = articles[1]
    first = summary[0]
    assert first.citations[0].article_id == herald.id  # the report that it happened
    assert "on Friday (9 October 2020)" in first.text


def test_a_date_that_states_its_day_is_left_as_written() -> None:
    said = "Armenia and Azerbaijan met in Moscow on 9 October, the Kremlin said."
    a = _article([said], "Example Wire", "2020-10-10")
    b = _article([said.replace("the Kremlin said", "officials said")], None, "2020-10-11")
    talks = _event(
        "talks",
        [(a, said, "occurred"), (b, b.text, "occurred")],
        type="CONSULT",
        actors=["ARM", "AZE"],
        date=EventDate("2020-10-09", "2020-10-09", "day"),
    )
    (sentence,) = build_summary([talks], [], [a, b], entities=ENTITIES)
    assert sentence.text in (said, b.text)


def _story(summary: list[SummarySentence]) -> Story:
    return Story(id="s1", title="t", entities=ENTITIES, summary=summary)


def test_check_brief_reports_invented_citations_and_unsupported_words() -> None:
    articles, *_ = _story_parts()
    wire = articles[0]
    bad = [
        SummarySentence(
            "Portugal said the two sides will meet in Geneva.",
            [Citation(wire.id, WIRE[0])],
        ),
        SummarySentence(
            "Sudmark armed 500 volunteers.", [Citation(wire.id, "Sudmark armed volunteers.")]
        ),
        SummarySentence(
            "Pellin has reported 29 civilian casualties but gives no figure for its army.",
            [Citation(articles[2].id, DAILY[1]), Citation(wire.id, WIRE[1])],
        ),
    ]
    problems = check_brief(Brief(articles=articles, stories=[_story(bad)]))
    by_index = {p.index: p.problems for p in problems}
    assert by_index[0] == ["number 2", "name geneva"]  # "two sides": no citation counts them
    assert f"cited sentence not in article {wire.id}" in by_index[1] and "number 500" in by_index[1]
    assert by_index[2] == ["citation 2 supports nothing"]
    # a timeline entry must cite sentences its articles hold
    story = _story([])
    story.timeline = [
        TimelineEntry("2020-10-09", ["talks"], "Varnia and Ostrel meet in Lisbon",
                      [Citation(wire.id, "They met in Lisbon.")]),
        TimelineEntry("2020-10-09", ["talks"], "Varnia and Ostrel meet in Lisbon",
                      [Citation(wire.id, WIRE[0])]),
    ]  # fmt: skip
    (problem,) = check_brief(Brief(articles=articles, stories=[story]))
    assert problem.section == "timeline" and problem.index == 0
