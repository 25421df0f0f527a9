"""Coded messages: each names the value at fault and, where there is one, the fix.

Readers never raise these for a bad input; they return a `ReadError` whose `reason` is one of
these messages, so one bad page never stops a batch. Misuse of the API still raises.
"""

from __future__ import annotations

from dataclasses import dataclass


class Errors:
    S001 = "[S001] file not found"
    S002 = "[S002] cannot read file: {reason}"
    S003 = "[S003] binary content ({detail}), not text, HTML, a feed, JSON Lines or WARC"
    S004 = "[S004] too large: {size} bytes over the {limit}-byte limit (setting max_input_bytes)"
    S005 = "[S005] cannot decode text: {reason}"
    S006 = "[S006] no article text found in the page{detail}"
    S007 = "[S007] not a feed: {reason}"
    S008 = "[S008] broken JSON on line {line}: {reason}"
    S009 = "[S009] line {line} has none of the fields text, html, url"
    S010 = "[S010] truncated or corrupt compressed data: {reason}"
    S011 = "[S011] broken WARC: {reason}"
    S012 = "[S012] empty input"
    S013 = "[S013] fetch refused: {reason}"
    S014 = "[S014] fetch failed: {reason}"
    S015 = "[S015] unsupported input: {reason}"
    S016 = "[S016] not a storyline database: {reason}"
    S017 = (
        "[S017] {what} has no article text of its own, only a link ({url}); "
        "pass --fetch-links to fetch it"
    )
    S018 = "[S018] record too large: {size} bytes over the {limit}-byte limit (setting {setting})"


@dataclass(frozen=True)
class ReadError:
    """Why one input (a file, a URL, one line or record of a container) produced no article."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class StorylineError(Exception):
    """An error the CLI reports as one line and a non-zero exit."""
