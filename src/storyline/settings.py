"""Settings: the shipped `settings.toml`, overridable by a user file, each with help text."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

HELP: dict[str, str] = {
    "ingest.max_input_bytes": "A file or fetched page larger than this many bytes is refused.",
    "ingest.max_record_bytes": "A WARC record or JSON Lines line larger than this is skipped.",
    "ingest.min_text_chars": (
        "An extracted page with less body text than this is not an article; a feed item "
        "body this short is a teaser (its link is read with --fetch-links)."
    ),
    "fetch.timeout_s": "Seconds before a network fetch gives up.",
    "fetch.max_redirects": "Redirects followed per fetch.",
    "fetch.max_bytes": "Bytes read from one fetched response at most.",
    "fetch.allow_private": "Allow fetching loopback, private and link-local addresses.",
    "fetch.user_agent": "User-Agent header sent with fetches.",
    "stories.threshold": "Least weighted cosine (text and names) for an article to join a story.",
    "stories.text_weight": "Weight of the content-word TF-IDF cosine in the story score.",
    "stories.entity_weight": "Weight of the names TF-IDF cosine in the story score.",
    "stories.number_weight": "Weight of the figures (tolls, magnitudes, years) TF-IDF cosine "
    "in the story score (0: not computed).",
    "stories.max_gap_days": "Days between a dated article and a story's dates beyond which it "
    "joins only at late_threshold; also the days without news after which a story closes.",
    "stories.late_threshold": "Least score for a dated article to join a story (or two stories "
    "to merge) more than max_gap_days apart: a follow-up months on (inf: never).",
    "stories.contrast_cut": "A story whose members have no clean cut still splits when the cut "
    "of their similarity profiles is below this and each side has a name or figure of its own "
    "(0: off).",
    "stories.contrast_share": "Least share of one side's articles stating a name or figure "
    "that (almost) none of the other side's articles state, for such a split.",
    "stories.min_idle_articles": "A story closes by date only after this many later articles "
    "(so a late backfill still finds its stories).",
    "stories.idle_articles": "A story closes after this many articles without one of them.",
    "stories.max_active": "Most stories kept active in memory; the least recently updated close.",
    "stories.max_centroid_terms": "Terms a story keeps per view (the heaviest ones).",
    "stories.split_cut": "A story splits in two when the normalised cut of its best two-way cut "
    "(IDF counted among its articles) is below this (0: never split or merge).",
    "stories.merge_threshold": "Least centroid score for two active stories to merge, when no "
    "clean cut parts them (0: never).",
    "stories.split_number_weight": "Weight of the figures and weekdays (tolls, magnitudes, "
    "years, days named) when a story's members are compared for a split or merge.",
}


@dataclass
class Settings:
    """All sections of settings.toml as nested dicts; `get("ingest.max_input_bytes")`."""

    values: dict[str, dict[str, Any]] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        section, name = key.split(".", 1)
        return self.values[section][name]

    def override(self, key: str, value: Any) -> Settings:
        section, name = key.split(".", 1)
        merged = {s: dict(v) for s, v in self.values.items()}
        merged.setdefault(section, {})[name] = value
        return Settings(merged)

    def flat(self) -> dict[str, Any]:
        return {f"{s}.{k}": v for s, sec in self.values.items() for k, v in sec.items()}


def load_settings(config: Path | None = None) -> Settings:
    """The shipped defaults, with the sections of `config` laid over them."""
    shipped = resources.files("storyline").joinpath("settings.toml").read_text("utf-8")
    values: dict[str, dict[str, Any]] = tomllib.loads(shipped)
    if config is not None:
        user = tomllib.loads(Path(config).read_text("utf-8"))
        for section, entries in user.items():
            if section not in values or not isinstance(entries, dict):
                raise ValueError(f"{config}: unknown settings section [{section}]")
            unknown = set(entries) - set(values[section])
            if unknown:
                raise ValueError(f"{config}: unknown setting(s) {sorted(unknown)} in [{section}]")
            values[section].update(entries)
    return Settings(values)
