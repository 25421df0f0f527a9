"""The cleaner's data files under `resources/clean/`, loaded once and compiled."""

from __future__ import annotations

import csv
import functools
import io
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any


def _read(name: str) -> str:
    return resources.files("storyline").joinpath("resources", "clean", name).read_text("utf-8")


@dataclass(frozen=True)
class KindPatterns:
    """The compiled patterns of one removal kind (see boilerplate.toml)."""

    kind: str
    line: re.Pattern[str] | None
    phrases: tuple[re.Pattern[str], ...]
    opener: re.Pattern[str] | None

    def phrase_hits(self, lowered: str) -> int:
        """How many of the kind's phrases occur in `lowered` (lower-cased text)."""
        return sum(1 for p in self.phrases if p.search(lowered))


# Patterns are matched against lower-cased text, which is much faster than IGNORECASE.
def _whole(patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("^(?:" + "|".join(f"(?:{p})" for p in patterns) + ")$")


@functools.cache
def boilerplate_kinds() -> tuple[KindPatterns, ...]:
    data: dict[str, Any] = tomllib.loads(_read("boilerplate.toml"))
    kinds = []
    for kind, spec in data["kinds"].items():
        phrases = spec.get("phrase", [])
        kinds.append(
            KindPatterns(
                kind=kind,
                line=_whole(spec.get("line", [])),
                phrases=tuple(re.compile(p) for p in phrases),
                opener=_whole(spec.get("opener", [])),
            )
        )
    return tuple(kinds)


@functools.cache
def date_words() -> dict[str, Any]:
    data: dict[str, Any] = tomllib.loads(_read("dates.toml"))
    return data


@functools.cache
def month_numbers() -> dict[str, int]:
    """Month name or abbreviation (lower case) -> 1..12."""
    return {
        name: number
        for number, names in enumerate(date_words()["months"], start=1)
        for name in names
    }


@functools.cache
def weekday_numbers() -> dict[str, int]:
    """Weekday name or abbreviation (lower case) -> 0 (Monday) .. 6."""
    return {name: number for number, names in enumerate(date_words()["weekdays"]) for name in names}


@dataclass(frozen=True)
class OutletSignature:
    name: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...]


@functools.cache
def outlet_signatures() -> tuple[OutletSignature, ...]:
    rows = csv.DictReader(io.StringIO(_read("outlets.csv")))
    out = []
    for row in rows:
        domains = tuple(d.strip().lower() for d in row["domains"].split(";") if d.strip())
        aliases = tuple(a.strip() for a in row["aliases"].split(";") if a.strip())
        out.append(OutletSignature(row["name"].strip(), domains, aliases))
    return tuple(out)


@functools.cache
def wire_agencies() -> frozenset[str]:
    """Lower-case names of agencies whose copy other outlets quote and credit."""
    return frozenset(
        line.strip().lower()
        for line in _read("agencies.txt").splitlines()
        if line.strip() and not line.startswith("#")
    )
