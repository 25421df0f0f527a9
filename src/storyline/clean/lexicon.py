"""The cleaner's data files under `resources/clean/`, loaded once and compiled."""

from __future__ import annotations

import csv
import functools
import io
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from re import _constants as re_constants  # type: ignore[attr-defined]
from re import _parser as re_parser  # type: ignore[attr-defined]
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
    # per phrase, strings one of which every match contains (() when none): a cheap test
    # before the regex
    phrase_literals: tuple[tuple[str, ...], ...] = ()

    def phrase_hits(self, lowered: str) -> int:
        """How many of the kind's phrases occur in `lowered` (lower-cased text)."""
        return sum(
            1
            for literals, pattern in zip(self.phrase_literals, self.phrases, strict=True)
            if _may_match(literals, lowered) and pattern.search(lowered)
        )


def _may_match(literals: tuple[str, ...], lowered: str) -> bool:
    if len(literals) == 1:
        return literals[0] in lowered
    return not literals or any(literal in lowered for literal in literals)


def phrase_counts(lowered: str) -> dict[str, int]:
    """Kind -> how many of its phrases occur in `lowered` (lower-cased text), kinds with none
    left out. One scan finds which phrases' required strings the text holds; only those
    phrases' regexes run (every paragraph of every page goes through here)."""
    index = _phrase_index()
    counts: dict[str, int] = {}
    for number in index.candidates(lowered):
        pattern, kind = index.patterns[number]
        if pattern.search(lowered):
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def first_kind(field: str, stripped: str) -> str | None:
    """The first kind (in the file's order) whose `field` patterns ("line" or "opener") match
    the whole of `stripped` (lower case); only patterns whose required strings it holds run."""
    index = _whole_line_index(field)
    for number in sorted(index.candidates(stripped)):
        pattern, kind = index.patterns[number]
        if pattern.match(stripped):
            return kind
    return None


@dataclass(frozen=True)
class _LiteralIndex:
    """Patterns indexed by the strings a match requires, found in a text by one scan."""

    patterns: tuple[tuple[re.Pattern[str], str], ...]  # (pattern, kind), in the file's order
    by_literal: dict[str, tuple[int, ...]]  # required string -> patterns that need it
    always: tuple[int, ...]  # patterns with no required string
    scanner: re.Pattern[str]  # every required string, at each place one starts
    prefixes: dict[str, tuple[str, ...]]  # a found string -> the required strings it begins with

    def candidates(self, text: str) -> set[int]:
        """The patterns that may match `text`: those whose required strings it holds."""
        found = set(self.always)
        for longest in self.scanner.findall(text):
            for literal in self.prefixes[longest]:
                found.update(self.by_literal[literal])
        return found


def _literal_index(
    entries: list[tuple[str, re.Pattern[str], str]], min_length: int
) -> _LiteralIndex:
    by_literal: dict[str, list[int]] = {}
    always: list[int] = []
    for number, (source, _pattern, _kind) in enumerate(entries):
        literals = required_literals(source, min_length)
        if not literals:
            always.append(number)
        for literal in literals:
            by_literal.setdefault(literal, []).append(number)
    required = sorted(by_literal)
    # a lookahead finds, at every position, the longest required string starting there
    scanner = "(?=(" + _trie_pattern(required) + "))" if required else "(?!)"
    return _LiteralIndex(
        patterns=tuple((pattern, kind) for _source, pattern, kind in entries),
        by_literal={literal: tuple(numbers) for literal, numbers in by_literal.items()},
        always=tuple(always),
        scanner=re.compile(scanner),
        prefixes={
            found: tuple(lit for lit in required if found.startswith(lit)) for found in required
        },
    )


@functools.cache
def _phrase_index() -> _LiteralIndex:
    data: dict[str, Any] = tomllib.loads(_read("boilerplate.toml"))
    entries = [
        (source, re.compile(source), kind)
        for kind, spec in data["kinds"].items()
        for source in spec.get("phrase", [])
    ]
    return _literal_index(entries, _MIN_LITERAL)


@functools.cache
def _whole_line_index(field: str) -> _LiteralIndex:
    data: dict[str, Any] = tomllib.loads(_read("boilerplate.toml"))
    entries = [
        (source, re.compile(f"^(?:{source})$"), kind)
        for kind, spec in data["kinds"].items()
        for source in spec.get(field, [])
    ]
    # a whole line is short: one character ("@", "»") is already a useful test
    return _literal_index(entries, 1)


def _trie_pattern(words: list[str]) -> str:
    """A regex for any of `words` as a trie (shared prefixes factored out), longest match
    first: at each place one alternative is tried per next character."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def required_literals(pattern: str, min_length: int = 3) -> tuple[str, ...]:
    """Strings at least one of which every match of `pattern` contains (() when the pattern
    gives none worth testing for, each at least `min_length` characters): a literal run it
    cannot skip, or one per alternative of a group it cannot skip."""
    try:
        parsed = re_parser.parse(pattern)
    except re.error:
        return ()
    return _required(list(parsed), min_length)


_MIN_LITERAL = 3


def _better(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    def score(options: tuple[str, ...]) -> tuple[int, int]:
        return (min(map(len, options)), -len(options)) if options else (-1, 0)

    return b if score(b) > score(a) else a


def _required(items: list[Any], min_length: int) -> tuple[str, ...]:
    best: tuple[str, ...] = ()
    current: list[str] = []

    def close_run() -> None:
        nonlocal best
        if len(current) >= min_length:
            best = _better(best, ("".join(current),))
        current.clear()

    for op, arg in items:
        if op is re_constants.LITERAL:
            current.append(chr(arg))
            continue
        if op is re_constants.AT:  # ^, $, \b take no characters
            continue
        close_run()
        if op is re_constants.SUBPATTERN:
            best = _better(best, _required(list(arg[-1]), min_length))
        elif op is re_constants.BRANCH:
            options: list[str] = []
            for branch in arg[1]:
                found = _required(list(branch), min_length)
                if not found:
                    options = []
                    break
                options.extend(found)
            if options:
                best = _better(best, tuple(dict.fromkeys(options)))
        elif op is re_constants.MAX_REPEAT or op is re_constants.MIN_REPEAT:
            low, _high, body = arg
            if low >= 1:
                best = _better(best, _required(list(body), min_length))
    close_run()
    return best


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
                phrase_literals=tuple(required_literals(p) for p in phrases),
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


@functools.cache
def title_abbreviations() -> frozenset[str]:
    """Titles and ranks written with a period before a name ("gen", "sen"), lower case."""
    data: dict[str, Any] = tomllib.loads(_read("boilerplate.toml"))
    return frozenset(data["sentences"]["titles"])


@functools.cache
def month_abbreviations() -> frozenset[str]:
    """Month names short enough to be abbreviations written with a period ("nov", "sept")."""
    return frozenset(name for name in month_numbers() if len(name) <= 4 and name.isalpha())


@functools.cache
def glued_advert_labels() -> frozenset[str]:
    """Ad labels that may be glued to a sentence in one line (lower case)."""
    data: dict[str, Any] = tomllib.loads(_read("boilerplate.toml"))
    return frozenset(data["glued"]["advert_labels"])
