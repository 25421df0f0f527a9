"""Exact and near-duplicate articles (syndicated copies, lightly edited), found with MinHash.

Each article's cleaned text becomes a set of word 5-shingles and a MinHash signature; an LSH
index over the batch and the articles already stored proposes candidates, and a candidate
whose estimated Jaccard similarity reaches the threshold is a copy. Every copy points at the
earliest article of its group (published first; among equals, the one stored first, then the
first in the batch): it is marked `duplicate_of`, kept, and later stages skip it when counting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from storyline.model import Article

_WORD = re.compile(r"\w+")
NUM_PERM = 128
SHINGLE = 5
THRESHOLD = 0.7


@dataclass(frozen=True)
class Known:
    """An article already stored: what dedup needs of it."""

    id: str
    text: str
    published: str | None
    duplicate_of: str | None


def signature(text: str) -> MinHash:
    words = _WORD.findall(text.lower())
    minhash = MinHash(num_perm=NUM_PERM)
    if len(words) < SHINGLE:
        shingles = {" ".join(words)} if words else set()
    else:
        shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    for shingle in shingles:
        minhash.update(shingle.encode("utf-8"))
    return minhash


def mark_duplicates(
    batch: list[Article], known: Iterable[Known] = (), *, threshold: float = THRESHOLD
) -> dict[str, str]:
    """Set `duplicate_of` on the batch articles that copy an earlier one; returns id -> original."""
    records: list[tuple[tuple[str, int, int], str, str | None, MinHash]] = []
    for order, item in enumerate(known):
        key = (item.published or "9999", 0, order)
        records.append((key, item.id, item.duplicate_of, signature(item.text)))
    for order, article in enumerate(batch):
        if not article.text.strip():
            continue
        key = (article.published or "9999", 1, order)
        records.append((key, article.id, article.duplicate_of, signature(article.text)))
    records.sort(key=lambda r: r[0])
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    indexed: dict[str, tuple[tuple[str, int, int], MinHash]] = {}
    original_of: dict[str, str] = {}
    batch_ids = {a.id for a in batch}
    for key, article_id, stored_original, minhash in records:
        if article_id in indexed or article_id in original_of:
            continue  # the same article twice (a re-ingested copy)
        matches = [m for m in lsh.query(minhash) if minhash.jaccard(indexed[m][1]) >= threshold]
        if matches:
            if article_id in batch_ids:
                original_of[article_id] = min(matches, key=lambda m: indexed[m][0])
            continue
        if stored_original is None:
            lsh.insert(article_id, minhash)
            indexed[article_id] = (key, minhash)
    for article in batch:
        if article.id in original_of and article.duplicate_of is None:
            article.duplicate_of = original_of[article.id]
    return original_of
