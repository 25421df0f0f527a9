"""The cleaner's lexicon: the shortcuts that keep phrase matching fast find what the regexes do."""

from __future__ import annotations

import re

import pytest

from storyline.clean.lexicon import boilerplate_kinds, phrase_counts, required_literals

LINES = [
    "Sign up for our morning newsletter and get the day's headlines delivered to your inbox.",
    "We use cookies to personalise content and ads. By continuing you agree to our privacy policy.",
    "Read also: Council approves the new ferry timetable",
    "Photo: Jana Roth / dpa",
    "Please support independent journalism with a one-off donation or a monthly gift.",
    "Tel: +44 20 7946 0000 · E-mail: newsdesk@example.org",
    "The council voted 7-2 on Tuesday to keep the library open for another year.",
    "Comments are moderated; keep them civil and on-topic. Your email will not be published.",
    "Quotes are delayed by at least 15 minutes. All rights reserved.",
    "",
]


def _brute_force(lowered: str) -> dict[str, int]:
    counts = {}
    for spec in boilerplate_kinds():
        hits = sum(1 for pattern in spec.phrases if pattern.search(lowered))
        if hits:
            counts[spec.kind] = hits
    return counts


@pytest.mark.parametrize("line", LINES)
def test_phrase_counts_agree_with_every_regex_run(line: str) -> None:
    lowered = line.lower()
    assert phrase_counts(lowered) == _brute_force(lowered)
    for spec in boilerplate_kinds():
        assert spec.phrase_hits(lowered) == _brute_force(lowered).get(spec.kind, 0)


@pytest.mark.parametrize(
    ("pattern", "required"),
    [
        ("skip to (main )?content", ("skip to ",)),
        ("sign(ing)? up (for|to) (our|the) .{0,40}newsletter", ("newsletter",)),
        ("(please|you can) (support|donate)", ("please", "you can")),
        (r"\((left|right|l|r)\)", ()),  # nothing of 3 characters every match must hold
        ("a{2,}bcd", ("bcd",)),
    ],
)
def test_required_literals(pattern: str, required: tuple[str, ...]) -> None:
    assert required_literals(pattern) == required
    for text in ("skip to content", "sign up for the weekly newsletter", "you can donate"):
        if re.search(pattern, text):
            assert not required or any(literal in text for literal in required)
