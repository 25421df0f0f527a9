"""Story-level date anchoring: an undated article dated from the days its story's other articles
state, as inferred, with evidence; conflicting or ambiguous evidence leaves it undated."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from storyline import jobs
from storyline.model import Article, Sentence, TimeExpression
from storyline.pipeline import build_pipeline, redo_dated_stages, run_pipeline
from storyline.settings import load_settings
from storyline.store import Store
from storyline.stories.anchor import (
    Relation,
    Window,
    anchor_story_dates,
    probes_of,
    relation_of,
)
from storyline.stories.assemble import assemble_story

# A regional paper's report, dated by its page metadata.
DATED = """Riverton floods: hundreds of homes still under water

Floodwater is still standing in the lower town of Riverton four days after the River Wen burst its banks on March 1, 2021.
The county council said 300 homes had been evacuated and that the clean-up would take months.
Councillors will hold an emergency meeting on March 19 to decide how to spend the relief fund, the council leader, Margaret Obi, told reporters.
"""  # noqa: E501

# A wire-style follow-up with weekdays only: "Monday" is the day the river burst its banks.
FOLLOW_UP = """Riverton counts the cost as the water recedes

Environment minister Daniel Reyes toured the flooded streets of Riverton on Thursday and promised compensation to the families who lost their homes.
The River Wen burst its banks on Monday after a week of heavy rain, forcing the evacuation of 300 homes.
Reyes said the government would pay for temporary housing until the end of the summer.
Share this article
"""  # noqa: E501

# Its "Monday" is 1 March, its "Friday" the meeting of 19 March: no week holds both.
CONFLICTING = """Riverton relief fund split between households and shops

The River Wen burst its banks on Monday after a week of heavy rain.
Councillors held an emergency meeting on Friday to decide how to spend the relief fund, council leader Margaret Obi said.
"""  # noqa: E501


# Two pacts on two Fridays: an undated "on Friday" could be either.
TWO_PACTS = """Harwick and Dunmore share the river

The mayors of Harwick and Dunmore signed a water-sharing pact on March 5, 2021.
They signed a second water-sharing pact on March 12, 2021 after a week of talks on the reservoir.
"""
ONE_PACT = """Mayors seal river deal

The mayors of Harwick and Dunmore signed a water-sharing pact on Friday, officials said.
Farmers downstream welcomed the deal.
"""

# No weekday to pick a day: the story bounds it to a month.
MONTH_ONLY = """Insurers brace for flood claims

Insurers are still counting claims after the River Wen burst its banks earlier this month.
Brokers expect the bill to pass ten million pounds.
"""


@pytest.fixture(scope="module")
def analysed() -> dict[str, Article]:
    settings = load_settings()
    pipeline = build_pipeline(settings, jobs.ARTICLE_STAGES)
    articles = [
        Article.create(
            source="riverton-gazette.html",
            text=DATED,
            published="2021-03-05",
            published_evidence="day: page metadata",
        ),
        Article.create(source="wire.txt", text=FOLLOW_UP),
        Article.create(source="relief.txt", text=CONFLICTING),
        Article.create(
            source="pacts.html",
            text=TWO_PACTS,
            published="2021-03-13",
            published_evidence="day: page metadata",
        ),
        Article.create(source="pact.txt", text=ONE_PACT),
        Article.create(source="insurers.txt", text=MONTH_ONLY),
    ]
    done = list(run_pipeline(pipeline, articles))
    return {a.source: a for a in done}


def _copy(article: Article) -> Article:
    return dataclasses.replace(
        article,
        timexes=list(article.timexes),
        events=list(article.events),
        claims=list(article.claims),
    )


def test_the_cleaner_cannot_date_the_weekday_only_articles(
    analysed: dict[str, Article],
) -> None:
    assert analysed["wire.txt"].published is None
    assert analysed["relief.txt"].published is None


def test_an_event_another_article_dates_pins_the_week(analysed: dict[str, Article]) -> None:
    dated, follow_up = _copy(analysed["riverton-gazette.html"]), _copy(analysed["wire.txt"])
    settings = load_settings()
    found = anchor_story_dates([dated, follow_up], lambda redo: redo_dated_stages(redo, settings))
    assert [r.article.id for r in found] == [follow_up.id]
    # "burst its banks on Monday" is 1 March 2021 (a Monday): written 1-7 March; the lead's
    # Thursday in that week is 4 March.
    assert follow_up.published == "2021-03-04"
    evidence = follow_up.published_evidence or ""
    assert evidence.startswith("inferred:") and "not stated" in evidence
    assert dated.id in evidence and "burst its banks" in evidence
    assert found[0].window == Window(dt.date(2021, 3, 1), dt.date(2021, 3, 7))
    # The date stages ran again: the weekdays now resolve to days.
    values = {t.text: t.value for t in follow_up.timexes}
    assert values["Monday"] == "2021-03-01" and values["Thursday"] == "2021-03-04"
    assert any(e.date.start == "2021-03-04" for e in follow_up.events)
    # The dated article is never touched.
    assert dated.published == "2021-03-05"


def test_acts_coded_twice_from_one_trigger_still_anchor(analysed: dict[str, Article]) -> None:
    # A trigger that codes two acts gives the second an id ending "-2"; it governs its
    # expression as much as the first does.
    follow_up = _copy(analysed["wire.txt"])
    governed = {p.timex.text: [e.id for e in p.events] for p in probes_of(follow_up)}
    assert governed["Thursday"]
    follow_up.events = [dataclasses.replace(e, id=f"{e.id}-2") for e in follow_up.events]
    again = {p.timex.text: [e.id for e in p.events] for p in probes_of(follow_up)}
    assert again == {text: [f"{i}-2" for i in ids] for text, ids in governed.items()}


def test_conflicting_constraints_leave_the_article_undated(
    analysed: dict[str, Article],
) -> None:
    dated, relief = _copy(analysed["riverton-gazette.html"]), _copy(analysed["relief.txt"])
    redone: list[Article] = []
    (result,) = anchor_story_dates([dated, relief], redone.extend)
    assert relief.published is None and result.published is None
    assert not redone
    evidence = relief.published_evidence or ""
    assert evidence.startswith("unknown:") and "conflict" in evidence
    assert "2021-03-01" in evidence and "2021-03-19" in evidence


def test_a_happening_the_story_dates_twice_pins_nothing(analysed: dict[str, Article]) -> None:
    pacts, pact = _copy(analysed["pacts.html"]), _copy(analysed["pact.txt"])
    (result,) = anchor_story_dates([pacts, pact], lambda redo: None)
    assert pact.published is None and result.window is None
    assert "dates it on several" in (pact.published_evidence or "")


def test_a_window_without_a_day_is_recorded_not_stated(analysed: dict[str, Article]) -> None:
    dated, insurers = _copy(analysed["riverton-gazette.html"]), _copy(analysed["insurers.txt"])
    redone: list[Article] = []
    (result,) = anchor_story_dates([dated, insurers], redone.extend)
    assert insurers.published is None and not redone
    assert result.window == Window(dt.date(2021, 3, 1), dt.date(2021, 3, 31))
    assert (insurers.published_evidence or "").startswith("window: 2021-03-01..2021-03-31")


def test_no_dated_article_no_anchor(analysed: dict[str, Article]) -> None:
    follow_up, relief = _copy(analysed["wire.txt"]), _copy(analysed["relief.txt"])
    assert anchor_story_dates([follow_up, relief]) == []
    assert follow_up.published is None and relief.published is None


def test_story_assembly_anchors_and_redates(analysed: dict[str, Article]) -> None:
    dated, follow_up = _copy(analysed["riverton-gazette.html"]), _copy(analysed["wire.txt"])
    story = assemble_story("s-riverton", None, [dated, follow_up])
    assert follow_up.published == "2021-03-04"
    # the minister's tour "on Thursday" gets its day once the story dates the article
    tour = [
        e
        for e in story.events
        if e.type == "CONSULT" and any(m.article_id == follow_up.id for m in e.mentions)
    ]
    assert tour and tour[0].date.start == "2021-03-04"


def test_the_story_step_stores_the_dates_it_infers(
    analysed: dict[str, Article], tmp_path: Path
) -> None:
    dated, follow_up = _copy(analysed["riverton-gazette.html"]), _copy(analysed["wire.txt"])
    insurers = _copy(analysed["insurers.txt"])
    with Store(tmp_path / "store.duckdb") as store:
        batch = store.add_batch([dated, follow_up, insurers])
        jobs.update_stories(store, load_settings(), batch.batch_id)
        stored = {a.id: a for a in store.articles()}
        listed = {row["id"]: row for row in store.event_records()}
    # what `events`, `export` and the briefs read is the inferred day and the re-dated events
    assert stored[follow_up.id].published == "2021-03-04"
    assert (stored[follow_up.id].published_evidence or "").startswith("inferred:")
    assert listed[follow_up.id]["published"] == "2021-03-04"
    assert any(e["date"]["start"] == "2021-03-04" for e in listed[follow_up.id]["events"])
    # a window is no date: that article stays as read, for a later batch to date
    assert stored[insurers.id].published is None
    assert stored[insurers.id].published_evidence == insurers.published_evidence
    assert stored[dated.id].published == "2021-03-05"


def _timex(sentence: str, phrase: str, value: str) -> tuple[TimeExpression, Sentence]:
    start = sentence.index(phrase)
    timex = TimeExpression(start, start + len(phrase), phrase, "DATE", value)
    return timex, Sentence(0, len(sentence), sentence)


def test_weekday_relations_follow_the_tense() -> None:
    sunday = dt.date(2020, 9, 27)
    past = relation_of(*_timex("The fighting erupted on Sunday.", "Sunday", "XXXX-WXX-7"))
    assert past is not None and past.window(sunday) == Window(sunday, dt.date(2020, 10, 3))
    assert past.window(dt.date(2020, 9, 28)) is None  # a Monday is no Sunday
    ahead = relation_of(*_timex("The envoys will meet on Friday.", "Friday", "XXXX-WXX-5"))
    friday = dt.date(2020, 10, 23)
    assert ahead is not None and ahead.window(friday) == Window(dt.date(2020, 10, 17), friday)
    today = relation_of(*_timex("Talks are due to start later on Friday.", "Friday", "XXXX-WXX-5"))
    assert today is not None and today.window(friday) == Window(friday, friday)
    last = relation_of(*_timex("He resigned last Friday.", "last Friday", "XXXX-WXX-5"))
    assert last is not None and last.window(friday) == Window(
        dt.date(2020, 10, 24), dt.date(2020, 10, 30)
    )


def test_month_week_and_day_relations() -> None:
    truce = "A ceasefire was reached in Lisbon earlier this month after 14 hours of haggling."
    month = relation_of(*_timex(truce, "earlier this month", "XXXX-XX-XX"))
    assert month == Relation("month", 0, "before")
    assert month.window(dt.date(2020, 10, 10)) == Window(
        dt.date(2020, 10, 10), dt.date(2020, 10, 31)
    )
    last_month = relation_of(
        *_timex("The dockers walked out late last month.", "late last month", "XXXX-XX-XX")
    )
    assert last_month is not None and last_month.window(dt.date(2020, 9, 27)) == Window(
        dt.date(2020, 10, 1), dt.date(2020, 10, 31)
    )
    week = relation_of(*_timex("The pair met last week.", "last week", "XXXX-XX-XX"))
    assert week is not None and week.window(dt.date(2021, 3, 3)) == Window(
        dt.date(2021, 3, 8), dt.date(2021, 3, 14)
    )
    yesterday = relation_of(*_timex("The dam failed yesterday.", "yesterday", "XXXX-XX-XX"))
    assert yesterday is not None and yesterday.window(dt.date(2021, 3, 3)) == Window(
        dt.date(2021, 3, 4), dt.date(2021, 3, 4)
    )
    assert relation_of(*_timex("It happened in 1994.", "1994", "1994")) is None
