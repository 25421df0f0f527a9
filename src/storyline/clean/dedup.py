"""Exact and near-duplicate articles (syndicated copies, lightly edited), found with MinHash.

Each article's cleaned text becomes a set of word 5-shingles and a MinHash signature; an LSH
index over the batch and the articles already stored proposes candidates, and a candidate
whose estimated Jaccard similarity reaches the threshold is a copy. Every copy points at the
earliest article of its group (published first; among equals, the one stored first, then the
first in the batch): it is marked `duplicate_of`, kept, and later stages skip it when counting.

The store keeps each article's signature and LSH band keys (`fingerprint`), so a batch is
compared with the stored articles that share a band with it, not with the whole store: the
cost of a batch does not grow with the articles stored before it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import numpy as np
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
    signature: MinHash
    published: str | None
    duplicate_of: str | None

    @classmethod
    def from_text(
        cls, article_id: str, text: str, published: str | None, duplicate_of: str | None
    ) -> Known:
        return cls(article_id, signature(text), published, duplicate_of)


class Fingerprint(NamedTuple):
    """What the store keeps of an article for dedup: its signature and its LSH band keys."""

    article_id: str
    signature: bytes
    bands: list[str]


@cache
def _bands() -> tuple[int, int]:
    """(bands, rows per band) of the LSH index `mark_duplicates` builds."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def band_keys(minhash: MinHash) -> list[str]:
    """One key per LSH band: two articles sharing a key are candidates for each other."""
    bands, rows = _bands()
    return [
        f"{band}:"
        + hashlib.blake2b(
            minhash.hashvalues[band * rows : (band + 1) * rows].tobytes(), digest_size=8
        ).hexdigest()
        for band in range(bands)
    ]


def fingerprint(article_id: str, minhash: MinHash) -> Fingerprint:
    return Fingerprint(article_id, minhash.hashvalues.tobytes(), band_keys(minhash))


def from_bytes(data: bytes) -> MinHash:
    """The signature `fingerprint` stored (made by `signature`, with its scheme)."""
    template = _template()
    return MinHash(
        num_perm=NUM_PERM,
        hashvalues=np.frombuffer(data, dtype=template.hashvalues.dtype),
        scheme=template.scheme,
    )


@cache
def _template() -> MinHash:
    return MinHash(num_perm=NUM_PERM)


def signatures(batch: Iterable[Article]) -> dict[str, MinHash]:
    """The signatures of the batch's articles that have text."""
    return {a.id: signature(a.text) for a in batch if a.text.strip()}


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
    batch: list[Article],
    known: Iterable[Known] = (),
    *,
    threshold: float = THRESHOLD,
    batch_signatures: Mapping[str, MinHash] | None = None,
) -> dict[str, str]:
    """Set `duplicate_of` on the batch articles that copy an earlier one; returns id -> original.

    `known`: the stored articles that may be originals (in the order they were stored), all of
    them or those sharing a band with the batch (`band_keys`); `batch_signatures`: the batch's
    signatures when the caller has them already."""
    found = batch_signatures if batch_signatures is not None else signatures(batch)
    records: list[tuple[tuple[str, int, int], str, str | None, MinHash]] = []
    for order, item in enumerate(known):
        key = (item.published or "9999", 0, order)
        records.append((key, item.id, item.duplicate_of, item.signature))
    for order, article in enumerate(batch):
        if article.id not in found:
            continue
        key = (article.published or "9999", 1, order)
        records.append((key, article.id, article.duplicate_of, found[article.id]))
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
