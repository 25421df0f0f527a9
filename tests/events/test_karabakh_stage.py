"""The events stage on the user's five Karabakh scrapes (skipped when they are absent).

What article-level events can show of the issue's list; the dates need the publication dates
the cleaner infers (two of the articles; the others stay undated, so their relative dates are
unknown, as they should be).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import shared_path

from storyline import jobs
from storyline.model import Article, Event


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> list[Article]:
    folder = shared_path("examples", "karabakh")
    db = Path(tmp_path_factory.mktemp("karabakh")) / "store.duckdb"
    return jobs.ingest([str(folder)], db).articles


def events(articles: list[Article]) -> list[Event]:
    return [event for article in articles for event in article.events]


def find(articles: list[Article], words: str, type_: str) -> list[Event]:
    return [e for e in events(articles) if words in e.mentions[0].sentence and e.type == type_]


def test_outbreak_of_fighting_on_27_september(articles: list[Article]) -> None:
    dated = [e for e in events(articles) if e.type == "ASSAULT" and e.date.start == "2020-09-27"]
    assert dated and all(e.date.precision == "day" for e in dated)


def test_putins_appeal_of_8_october(articles: list[Article]) -> None:
    appeal = [
        e for e in events(articles) if e.type == "REQUEST" and "person:vladimir-putin" in e.actors
    ]
    assert any(e.date.start == "2020-10-08" and e.status == "occurred" for e in appeal)


def test_azerbaijan_recalls_its_ambassador(articles: list[Article]) -> None:
    (recall,) = find(articles, "recalling its ambassador", "SANCTION")
    assert recall.actors == ["AZE"]
    assert recall.date.start == "2020-10-08"
    assert recall.claimant == "AZE"


def test_bayramov_due_to_meet_the_co_chairs_in_geneva(articles: list[Article]) -> None:
    (meeting,) = find(articles, "Bayramov was due to meet", "AGREE")
    assert meeting.actors == ["person:jeyhun-bayramov"]
    assert "OSCE-MG" in meeting.recipients
    assert (meeting.status, meeting.date.start) == ("planned", "2020-10-08")


def test_lavrov_calls_and_planned_washington_meetings(articles: list[Article]) -> None:
    calls = find(articles, "separate telephone conversations", "CONSULT")
    assert any(e.mode == "phone" and "person:sergei-lavrov" in e.actors for e in calls)
    (washington,) = find(articles, "will host the foreign ministers", "AGREE")
    assert washington.status == "planned"
    assert washington.actors == ["person:mike-pompeo"]


def test_casualty_claims_and_their_claimants(articles: list[Article]) -> None:
    claims = {(c.value, c.unit): c.claimant for article in articles for c in article.claims}
    assert claims[(772, "soldier")] == "ARM"
    assert claims[(36, "civilian")] == "ARM"
    assert claims[(63, "casualty")] == "AZE"


def test_history_is_background(articles: list[Article]) -> None:
    history = [e for e in events(articles) if e.background]
    assert any("1992-1994" in e.mentions[0].sentence for e in history)
    assert all(e.date.start is None or e.date.start < "2000" for e in history)
