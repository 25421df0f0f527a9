"""The events stage on articles: entity keys, dates, status, claimant, background, evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline import jobs
from storyline.events.stage import OUTLET_PREFIX, STAGE_NAME
from storyline.ingest import ReadContext
from storyline.model import Article, Event
from storyline.pipeline import build_pipeline, run_pipeline
from storyline.settings import load_settings

ANALYSIS = ["storyline.language.v1", "storyline.timex.v1", STAGE_NAME]


def analyse(text: str, published: str | None, outlet: str | None = "Caucasus Wire") -> Article:
    article = Article.create(source="test.txt", text=text, published=published, outlet=outlet)
    pipeline = build_pipeline(load_settings(), ANALYSIS)
    (out,) = run_pipeline(pipeline, [article])
    return out


def event_with(article: Article, words: str, type_: str | None = None) -> Event:
    found = [
        e
        for e in article.events
        if words in e.mentions[0].sentence and (type_ is None or e.type == type_)
    ]
    assert found, [(e.type, e.mentions[0].sentence) for e in article.events]
    return found[0]


MEETING = (
    "GENEVA — Foreign ministers from both countries are expected in Geneva this week.\n\n"
    "Swiss Foreign Minister Ignazio Cassis will host his Armenian and Azerbaijani counterparts "
    "on Friday, his ministry said in a statement on Tuesday.\n\n"
    "A trilateral meeting has been ruled out, diplomats said."
)


def test_planned_meeting_on_friday_is_the_next_friday_and_planned() -> None:
    article = analyse(MEETING, "2020-10-13")  # a Tuesday
    event = event_with(article, "will host")
    assert event.type == "AGREE"
    assert event.status == "planned"
    assert (event.date.start, event.date.end, event.date.precision) == (
        "2020-10-16",
        "2020-10-16",
        "day",
    )
    assert "person:ignazio-cassis" in event.actors
    ruled = event_with(article, "trilateral meeting")
    assert ruled.status == "ruled_out"


def test_mentions_point_into_the_text_and_ids_are_stable() -> None:
    article = analyse(MEETING, "2020-10-13")
    again = analyse(MEETING, "2020-10-13")
    assert [e.id for e in article.events] == [e.id for e in again.events]
    for event in article.events:
        assert event.id.startswith(article.id + "-e")
        mention = event.mentions[0]
        assert mention.article_id == article.id
        assert article.text[mention.start : mention.end] == mention.sentence


CASUALTIES = (
    "Fighting along the disputed border continued overnight, with both sides reporting shelling "
    "of towns far from the front line.\n\n"
    "Asmara has reported 41 civilian casualties since the shelling started, while Addis Ababa "
    "says 518 Ethiopian soldiers and 22 civilians have been killed.\n\n"
    "Neither figure could be independently verified."
)


def test_claims_have_the_state_a_capital_speaks_for_as_claimant() -> None:
    article = analyse(CASUALTIES, "2020-10-23")
    by_value = {claim.value: claim for claim in article.claims}
    assert by_value[41].claimant == "ERI"
    assert by_value[41].unit == "casualty"
    assert by_value[518].claimant == "ETH"
    assert by_value[22].claimant == "ETH"
    for claim in article.claims:
        assert article.text[claim.mentions[0].start : claim.mentions[0].end] == (
            claim.mentions[0].sentence
        )


HISTORY = (
    "Azerbaijan recalled its ambassador to Greece on Thursday over reports that Armenians "
    "living in Greece had gone to fight in the region.\n\n"
    "Separatist militias captured the enclave during a war in the 1990s which left 12,000 dead.\n\n"
    "Armenia's foreign ministry summoned the Turkish ambassador to protest."
)


def test_history_is_background_and_news_is_not() -> None:
    article = analyse(HISTORY, "2020-10-09")
    recall = event_with(article, "recalled its ambassador", "SANCTION")
    assert not recall.background
    assert recall.actors == ["AZE"]
    assert recall.date.start == "2020-10-08"
    war = event_with(article, "1990s")
    assert war.background


def test_no_time_expression_means_no_publication_date() -> None:
    text = (
        "The Armenian government has accused Turkey of sending mercenaries to the region.\n\n"
        "Armenia's foreign ministry summoned the Turkish ambassador to protest."
    )
    article = analyse(text, "2020-10-09")
    assert article.events
    for event in article.events:
        assert event.date.precision == "unknown"
        assert event.date.start is None


def test_previous_sentence_date_is_inherited_only_in_the_simple_past() -> None:
    text = (
        "Norwegian Foreign Minister Kari Haugen met her Latvian counterpart in Oslo on "
        "Wednesday. They discussed a fishing accord. Latvia has backed calls for new quotas."
    )
    article = analyse(text, "2020-10-23")  # a Friday
    met = event_with(article, "met her Latvian")
    assert met.date.start == "2020-10-21"
    discussed = event_with(article, "They discussed")
    assert discussed.date.start == "2020-10-21"
    backed = event_with(article, "has backed", "SUPPORT")
    assert backed.date.precision == "unknown"


def test_nobody_quoted_means_the_outlet_claims_it() -> None:
    article = analyse(HISTORY, "2020-10-09", outlet="Caucasus Wire")
    recall = event_with(article, "recalled its ambassador", "SANCTION")
    assert recall.claimant == OUTLET_PREFIX + "Caucasus Wire"
    unknown = analyse(HISTORY, "2020-10-09", outlet=None)
    assert event_with(unknown, "recalled", "SANCTION").claimant == OUTLET_PREFIX + "unknown"


def test_undated_article_leaves_relative_dates_unknown() -> None:
    article = analyse(MEETING, None)
    assert event_with(article, "will host").date.precision == "unknown"


def test_a_caption_never_yields_an_event(tmp_path: Path) -> None:
    page = tmp_path / "story.txt"
    caption = (
        "STEPANAKERT, AZERBAIJAN - OCTOBER 8: Soldiers fire artillery at positions near the "
        "front line on October 8, 2020. (Photo by Jane Doe/Getty Images)"
    )
    page.write_text(
        "Shelling hits Stepanakert as talks stall\n\n"
        f"{caption}\n\n"
        "Azerbaijani forces shelled Stepanakert on Thursday, local officials said, as "
        "diplomats in Geneva failed to agree on a ceasefire.\n\n"
        "The Armenian defence ministry said its troops had repelled an attack in the south.\n",
        "utf-8",
    )
    report = jobs.IngestReport()
    articles = list(jobs.analyse([str(page)], ReadContext(load_settings()), report))
    assert len(articles) == 1
    article = articles[0]
    assert any("Soldiers fire artillery" in c for c in article.captions)
    assert article.events
    for event in article.events:
        assert "Soldiers fire artillery" not in event.mentions[0].sentence
        assert article.text[event.mentions[0].start : event.mentions[0].end] == (
            event.mentions[0].sentence
        )


def test_a_coder_failure_costs_the_article_its_events_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storyline.events import stage

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("coder bug")

    monkeypatch.setattr(stage, "code_doc", broken)
    article = analyse(MEETING, "2020-10-13")
    assert article.events == [] and article.claims == []
    assert article.sentences  # the language stage's work stays


def test_a_capital_as_recipient_is_its_state_and_as_location_its_city() -> None:
    text = (
        "Serbia said on Thursday it was recalling its ambassador to Zagreb after Croatian "
        "officials described a border incident as a deliberate provocation.\n\n"
        "Armenia's foreign minister held talks in Moscow on Friday."
    )
    article = analyse(text, "2020-10-09")
    recall = event_with(article, "recalling its ambassador", "SANCTION")
    assert recall.actors == ["SRB"]
    assert recall.recipients == ["HRV"]
    assert recall.date.start == "2020-10-08"  # the announcement's day: a progressive complement
    talks = event_with(article, "held talks", "CONSULT")
    assert talks.location is not None and talks.location.name == "Moscow"
    assert talks.location.lat is not None
    assert talks.date.start == "2020-10-09"


def test_he_said_is_the_person_named_last() -> None:
    text = (
        "Russian Deputy Foreign Minister Sergei Ryabkov met the Turkish ambassador on Monday.\n\n"
        "He said Moscow and Ankara would keep talking about Syria."
    )
    article = analyse(text, "2020-10-20")
    talking = event_with(article, "keep talking")
    assert talking.claimant == "person:sergei-ryabkov"


def test_he_said_after_two_people_stays_unresolved() -> None:
    text = (
        "Sergei Lavrov met Jeyhun Bayramov in Moscow on Monday.\n\n"
        "He said both sides would keep talking."
    )
    article = analyse(text, "2020-10-20")
    assert event_with(article, "keep talking").claimant == "text:He"


def test_an_occurred_act_is_never_dated_after_the_report() -> None:
    text = (
        "The foreign ministers of both countries are invited to Geneva on October 12 for "
        "consultations, the statement said."
    )
    article = analyse(text, "2020-10-08")
    for event in article.events:
        if event.status == "occurred":
            assert event.date.start is None or event.date.start <= "2020-10-08"


def test_a_plan_told_in_the_past_tense_looks_ahead_to_the_next_weekday() -> None:
    text = (
        "Chile's foreign minister urged both sides on Thursday to return to the talks.\n\n"
        "The Peruvian envoy was scheduled to travel to Santiago for an official visit on "
        "Monday, the ministry said."
    )
    article = analyse(text, "2031-03-13")  # a Thursday
    trip = event_with(article, "scheduled to travel")
    assert trip.status == "planned"
    assert (trip.date.start, trip.date.precision) == ("2031-03-17", "day")


def test_a_phrase_over_coordinated_names_stands_for_each() -> None:
    article = analyse(
        "Swiss Foreign Minister Ignazio Cassis will host the foreign ministers of Armenia and "
        "Azerbaijan in Geneva on Friday, his office said.\n\n"
        "Russian Foreign Minister Sergei Lavrov met the Turkish ambassador on Monday.",
        "2020-10-13",
    )
    host = event_with(article, "will host")
    assert {"ARM", "AZE"} <= set(host.recipients)
    assert not any("geonames" in key for key in host.recipients)
    met = event_with(article, "Lavrov met")
    assert "RUS" not in met.actors  # "Russian Foreign Minister Sergei Lavrov" is one person


INVITATION = (
    "WASHINGTON — U.S. Treasury Secretary Steven Mnuchin urged the two governments on Thursday "
    "night to resume the dam negotiations.\n\n"
    "In a written statement, Mnuchin said they should do so before the rainy season.\n\n"
    "“The foreign ministers of Egypt and Ethiopia are invited to Washington on October 9 for "
    "consultations,” concluded the statement.\n\n"
    "Officials in Addis Ababa did not comment."
)


@pytest.mark.parametrize("published", ["2020-10-08", "2020-10-09"])  # Thursday, Friday
def test_an_invitation_is_dated_by_the_statement_that_made_it(published: str) -> None:
    article = analyse(INVITATION, published)  # "Thursday night" is the 8th either way
    invitation = event_with(article, "are invited", "AGREE")
    assert invitation.status == "occurred"
    assert invitation.date.start == "2020-10-08" and invitation.date.precision == "day"
    assert "person:steven-mnuchin" in invitation.actors  # the statement's author invites
    assert {"EGY", "ETH"} <= set(invitation.recipients)
    talks = [
        e
        for e in article.events
        if e.mentions[0].sentence.startswith("“The") and e is not invitation
    ]
    assert talks and talks[0].status == "planned"
    # the meeting invited to keeps its own day
    assert talks[0].date.start == "2020-10-09"


def test_an_invitation_no_statement_dates_stays_undated() -> None:
    article = analyse(
        "Diplomats expect a long autumn of talks.\n\n"
        "“The foreign ministers of Egypt and Ethiopia are invited to Washington on October 19 "
        "for consultations,” a statement said.",
        "2020-10-09",
    )
    invitation = event_with(article, "are invited", "AGREE")
    assert invitation.date.precision == "unknown"


def test_a_region_is_no_party_to_a_meeting() -> None:
    article = analyse(
        "Armenian and Azerbaijani envoys resumed the Karabakh peace talks in Geneva on Monday, "
        "diplomats said.\n\nRussia's foreign minister travelled to Moscow's partners in Crimea "
        "for talks on Tuesday.",
        "2020-10-13",
    )
    talks = [e for e in article.events if e.type in {"CONSULT", "AGREE"}]
    assert talks
    for event in talks:
        keys = event.actors + event.recipients
        assert not any(key.startswith(("region:", "geonames:")) for key in keys), keys


def test_people_in_a_place_are_not_the_place() -> None:
    article = analyse(
        "Russian President Vladimir Putin urged the warring sides in the Nagorno-Karabakh "
        "conflict on Thursday to stop hostilities.",
        "2020-10-09",
    )
    urged = event_with(article, "urged", "REQUEST")
    assert urged.recipients and not any(k.startswith("region:") for k in urged.recipients)
