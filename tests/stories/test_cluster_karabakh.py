"""Clustering the user's five Karabakh scrapes as the cleaner leaves them (skipped when
../shared is absent): the page the cleaner splits into three section records, all about the
same war and the diplomacy around it, ends in the one story with the other four articles."""

from __future__ import annotations

from conftest import shared_path
from storyline.clean.stages import CLEANING_STAGES
from storyline.ingest import read_inputs
from storyline.model import Article
from storyline.pipeline import build_pipeline, load_stage_modules, run_pipeline
from storyline.settings import load_settings
from storyline.stories import ClusterConfig, StoryClusterer


def _cleaned_records() -> list[Article]:
    folder = shared_path("examples", "karabakh")
    load_stage_modules()
    read = [r for r in read_inputs([str(folder)]) if isinstance(r, Article)]
    return list(run_pipeline(build_pipeline(load_settings(), CLEANING_STAGES), read))


def test_every_record_of_the_five_scrapes_is_in_one_story() -> None:
    records = _cleaned_records()
    assert len({a.source for a in records}) == 5
    assert len(records) > 5, "one scrape is a multi-section page split into records"
    result = StoryClusterer(ClusterConfig.from_settings(load_settings())).add(records)
    story_of = {**result.assignments, **result.moved}
    assert set(story_of) == {a.id for a in records}
    assert len(set(story_of.values())) == 1
