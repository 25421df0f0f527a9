from __future__ import annotations

import json

import pytest

from storyline.model import (
    SCHEMA,
    Article,
    Brief,
    Claim,
    Entity,
    Event,
    EventDate,
    Location,
    Mention,
    Removed,
    Story,
    content_hash,
)


def _brief() -> Brief:
    article = Article.create(
        source="x.txt",
        text="Ministers met in Ruse on Thursday.\n\nThey agreed to share data.",
        outlet="Danube Wire",
        outlet_evidence="newsletter line",
        removed=[Removed("appeal", "Support our journalism")],
        published="2026-03-05",
    )
    mention = Mention(article.id, "Ministers met in Ruse on Thursday.", 0, 34)
    event = Event(
        id="e1",
        type="CONSULT",
        mode="visit",
        actors=["ent1"],
        recipients=["ent2"],
        date=EventDate("2026-03-05", "2026-03-05", "day"),
        location=Location("Ruse", "BG", 43.85, 25.97),
        mentions=[mention],
    )
    story = Story(
        id="s1",
        title="Spill",
        article_ids=[article.id],
        entities=[Entity("ent1", "Romania", "country", ["Bucharest"], "RO")],
        events=[event],
        claims=[Claim("c1", "fish killed", 40, "tonnes", "ent2", "2026-03-05", [mention])],
    )
    return Brief(articles=[article], stories=[story])


def test_brief_round_trips_through_json() -> None:
    brief = _brief()
    data = json.loads(json.dumps(brief.to_dict()))
    assert data["schema"] == SCHEMA
    again = Brief.from_dict(data)
    assert again.to_dict() == brief.to_dict()
    assert again.stories[0].events[0].location == Location("Ruse", "BG", 43.85, 25.97)
    assert again.stories[0].events[0].mentions[0].start == 0


def test_brief_json_has_the_contract_keys_and_no_internal_ones() -> None:
    data = _brief().to_dict()
    article = data["articles"][0]
    for key in (
        "id",
        "source",
        "outlet",
        "outlet_evidence",
        "title",
        "text",
        "captions",
        "published",
        "published_evidence",
        "language",
        "duplicate_of",
        "removed",
    ):
        assert key in article
    assert "content_hash" not in article and "sentences" not in article
    event = data["stories"][0]["events"][0]
    assert event["date"] == {"start": "2026-03-05", "end": "2026-03-05", "precision": "day"}
    assert set(data["stories"][0]) >= {
        "entities",
        "events",
        "claims",
        "disagreements",
        "timeline",
        "summary",
        "coverage",
    }


def test_unknown_keys_are_ignored_and_other_schemas_refused() -> None:
    data = _brief().to_dict()
    data["articles"][0]["future_field"] = 1
    assert Brief.from_dict(data).articles[0].outlet == "Danube Wire"
    with pytest.raises(ValueError, match="not a storyline brief"):
        Brief.from_dict({"schema": "other/1"})


def test_content_hash_ignores_whitespace_and_case() -> None:
    assert content_hash("A  b\n c") == content_hash("a b c")
    assert content_hash("a b c") != content_hash("a b d")
