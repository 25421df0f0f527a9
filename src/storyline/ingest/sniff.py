"""Which reader an input needs, from its name and its first bytes (never the name alone)."""

from __future__ import annotations

import re

from storyline.ingest.decode import bom_encoding, is_gzip

TEXT, HTML, JSONL, FEED, WARC = "text", "html", "jsonl", "feed", "warc"

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_MARK = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]|<p[\s>]", re.IGNORECASE
)
_JSON_START = re.compile(rb'(?:\[\s*)?\{\s*"')
_JSONL_NAMES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz")
WARC_NAMES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_FEED_NAMES = (".rss", ".atom", ".rdf", ".rss.gz", ".atom.gz")


def sniff_kind(name: str, head: bytes) -> str:
    """The reader for an input whose name is `name` and which starts with `head` (decompressed
    when gzip, except for WARC files whose records are compressed one by one)."""
    lower = name.lower()
    if head.startswith(b"WARC/") or lower.endswith(WARC_NAMES):
        return WARC
    bom = bom_encoding(head)
    probe = head
    if bom and bom != "utf-8":
        probe = head.decode(bom, errors="ignore").encode("utf-8")
    probe = probe.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    if lower.endswith(_JSONL_NAMES) or _JSON_START.match(probe):
        return JSONL
    if _FEED_ROOT.search(probe) and (
        probe.startswith(b"<?xml")
        or probe.startswith(b"<rss")
        or probe.startswith(b"<feed")
        or b"<channel" in probe
    ):
        return FEED
    # Named as a feed: the feed reader says what is wrong when the content is no feed at all.
    if lower.endswith(_FEED_NAMES) or (lower.endswith(".xml") and probe.startswith(b"<")):
        return FEED
    if _HTML_MARK.search(probe) or lower.endswith((".html", ".htm", ".xhtml", ".html.gz")):
        return HTML
    return TEXT


__all__ = ["FEED", "HTML", "JSONL", "TEXT", "WARC", "WARC_NAMES", "is_gzip", "sniff_kind"]
