"""Residual page furniture in scraped text: find it, take it out of the body, say what it was.

Each unit of the text (a paragraph, see `segment.py`) is judged on four kinds of evidence:

* lexicon: whole-line patterns and phrases per kind (`resources/clean/boilerplate.toml`);
* shape: words, final punctuation, list and heading marks, capitalisation, date and name shapes;
* repetition: a block that occurs twice in one page is furniture or a repeated caption;
* position: the article body is the run of units with the most prose weight (a maximum-sum
  segment, as body-text extraction does over a page), and a section opener late in the body
  ("1 comment", "You May Also Like", "… before you go, one request.") ends it there.

Units before or after the body are removed; inside it only units with junk evidence are. Every
removed unit keeps its kind and text (`Removed`), and photo captions are returned apart.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from storyline.clean.captions import is_caption
from storyline.clean.glued import split_glued
from storyline.clean.lexicon import (
    KindPatterns,
    boilerplate_kinds,
    date_words,
    first_kind,
    month_numbers,
    phrase_counts,
    wire_agencies,
)
from storyline.clean.segment import Unit, join, segment
from storyline.model import Removed

_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?。！？:;][\"”’»)\]」』]*$")
_ELLIPSIS_END = re.compile(r"(\.\.\.|…)[\"”’»)\]]*$")
_BYLINE = re.compile(
    r"^(?i:by|von|por|par|di|oleh|door|av|af|текст:|автор:)\s+(\W*[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.’'-]*)"
)
_DATELINE_PREFIX = re.compile(
    r"^((?:[A-ZÀ-ÖØ-ÞА-ЯЁ][A-ZÀ-ÖØ-ÞА-ЯЁ.'’-]+)(?:[ ,]+[A-ZÀ-ÖØ-ÞА-ЯЁ][\w.'’-]*){0,3}"
    r"(?:\s*\([^)]{1,40}\))?)\s*[—–-]{1,2}\s+(?=[A-ZÀ-ÖØ-ÞА-ЯЁ“\"])"
)
_BRACKETED_TITLE = re.compile(r"^\s*[<«‹〈《][^<>«»‹›〈〉《》]*\w\w[^<>«»‹›〈〉《》]*[>»›〉》]\s*$")
_DIGIT = re.compile(r"\d")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b|\b\d{1,2}:\d{2}\b")

# How many short lines after the body may still belong to it.
# Furniture that sits inside a body between paragraphs rather than closing it.
_INLINE_KINDS = ("advert", "caption", "share", "other")
# Furniture that comes one slot at a time between paragraphs, not as a box of several lines.
_SLOT_KINDS = ("advert", "share")
_EXTEND_HEAD = True
_EXTEND_TAIL = True
# A paragraph this long that the page repeats word for word is a second copy (a page that
# carries the article twice, a pull quote).
_REPEAT_MIN_WORDS = 15
# A zone outside the body with at most this share of blocks junk by their own evidence stays.
_ZONE_JUNK_SHARE = 0.0
# Furniture of these kinds near the end of the body closes it: what follows (less than this
# share of the body's words) is the rest of the page.
_CLOSING_KINDS = ("newsletter", "appeal", "comments", "other")
_CLOSING_REST = 0.3
# ... unless prose paragraphs of at least this many words in all follow the slot before the next
# furniture: the article resumes after an appeal or sign-up box set mid-article.
_RESUME_MIN_WORDS = 30
_SLOT_OPENERS = ("appeal", "newsletter")
# Prose paragraphs a box may hold between two of its own blocks.
_BOX_PROSE_PARAGRAPHS = 1
# Comment marks after a first one that make a comment thread.
_THREAD_MARKS = 2
# Phrases are not looked for in prose paragraphs longer than this.
_PHRASE_MAX_WORDS = 150
# Below this prose weight no run of units counts as the article body.
_MIN_BODY_WEIGHT = 40.0
_SHORT_COST = 3.0
_BULLET_COST = 4.0

# A teaser list: this many headings among this many blocks, with no long paragraph.
_RIVER_WINDOW = 10
_RIVER_HEADINGS = 5
_RIVER_LONGEST = 45

# A keyword line has at least this many comma-separated terms.
_KEYWORD_TERMS = 6

# Kinds of page furniture proper; a text with none of them by their own words looks extracted.
_FURNITURE_KINDS = (
    "navigation",
    "share",
    "teaser",
    "newsletter",
    "comments",
    "cookie",
    "appeal",
    "advert",
    "translation",
    "other",
)
# Blocks an extractor keeps with the article; in an extracted text they do not make the zone
# around the body furniture (they are still removed on their own evidence).
_SELF_EVIDENT_KINDS = ("caption", "dateline", "byline")

# Openers of these kinds head a list of links, after which the article may resume.
_LIST_OPENERS = ("teaser", "navigation")


@dataclass
class Judged:
    """A unit with the classifier's verdict: `kind` None keeps it in the body."""

    unit: Unit
    kind: str | None = None
    caption: bool = False
    reason: str = ""
    size: int = 0  # words (see _size)


@dataclass
class CleanResult:
    text: str
    removed: list[Removed] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    judged: list[Judged] = field(default_factory=list)
    # The wire dateline that opens the lead ("MOSCOW (Reuters)"): kept in `text`, where it is
    # part of the lead sentence as published, and noted here for the stages that want the place.
    dateline: str | None = None


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _size(text: str) -> int:
    """Words, counting two CJK characters as one word (those scripts do not space words)."""
    cjk = len(_CJK.findall(text))
    if cjk:
        return len(_WORD.findall(_CJK.sub(" ", text))) + cjk // 2
    return len(_WORD.findall(text))


_CREDIT_LINE_MAX_WORDS = 10
_INNER_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+[A-Z\"“]")
_CAPTION_LINE_MAX_WORDS = 45


_CREDIT_LABEL = re.compile(
    r"^[(\[]?\s*(?:(?:photo(?:graph)?|image|picture|foto|credit|source|illustration|video)s?"
    r"(?: credits?)?\s*[:©]|©)\s*",
    re.IGNORECASE,
)
_CREDIT_JOINERS = frozenset({"/", "|", "via", "and", "&", "for", "of", "-", "–", "—", "©"})


def _is_bare_credit(text: str) -> bool:
    """Names only after a credit label ("Photo: Lena Ortiz / AFP", "© Reuters"): a line that
    also says what it shows ("installation views, photos © X", "Graphic: prices in 2019 -
    here") is a caption or link of its own, not the credit of the line above it."""
    rest = _CREDIT_LABEL.sub("", text.strip()).strip(" ()[].")
    words = rest.split()
    if not words or len(words) > _CREDIT_LINE_MAX_WORDS:
        return False
    agencies = wire_agencies()
    return all(
        w[0].isupper() or w.isdigit() or w.lower() in _CREDIT_JOINERS or w.lower() in agencies
        for w in words
    )


def _caption_above_credit(judged: list[Judged]) -> None:
    """A one-sentence line set directly above a bare credit line ("Photo: … / AFP"), with no
    blank line between them, is the caption that credit belongs to. Reporting paragraphs are
    separated by blank lines in scraped text, so a paragraph break keeps the line in the body.
    In a text that separates paragraphs with blank lines, the caption opens its group (a blank
    line or the text's start above it): a line glued to the paragraph above it is that
    paragraph's last line."""
    paragraphs_spaced = any(item.unit.blank_before for item in judged)
    for i in range(1, len(judged)):
        credit, above = judged[i], judged[i - 1]
        if credit.kind != "caption" or credit.size > _CREDIT_LINE_MAX_WORDS:
            continue
        if not _is_bare_credit(credit.unit.text):
            continue
        if credit.unit.blank_before or credit.unit.inline or above.kind is not None:
            continue
        if paragraphs_spaced and i > 1 and not above.unit.blank_before:
            continue
        text = above.unit.text
        if (
            above.size <= _CAPTION_LINE_MAX_WORDS
            and _ends_sentence(text)
            and not _INNER_SENTENCE_BREAK.search(text)
            and not above.unit.heading
            and not above.unit.bullet
        ):
            above.kind, above.reason, above.caption = "caption", "caption above its credit", True


_BOX_HEADING_MAX_WORDS = 6
_BOX_KINDS = ("appeal", "newsletter")


def _box_headings(judged: list[Judged]) -> None:
    """A short unpunctuated line set directly on top of an appeal or sign-up block (no blank
    line between) is that box's heading ("Support local journalism")."""
    for i in range(len(judged) - 1):
        heading, box = judged[i], judged[i + 1]
        if heading.kind is not None or box.kind not in _BOX_KINDS or box.unit.blank_before:
            continue
        if heading.size <= _BOX_HEADING_MAX_WORDS and not _ends_sentence(heading.unit.text):
            heading.kind, heading.reason = box.kind, f"heads the {box.kind} box below it"


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text)) and not _ELLIPSIS_END.search(text)


def _line_kind(text: str, kinds: tuple[KindPatterns, ...]) -> str | None:
    if len(text) > 240:
        return None
    stripped = text.strip(" *-–—•|·:>\"'()[]").lower()
    # "<The River: Songs of a Ferryman>": a title in angle quotes, not a "‹ Back" link
    if _BRACKETED_TITLE.match(text) is None:
        return first_kind("line", stripped)
    for spec in kinds:
        if spec.kind != "navigation" and spec.line is not None and spec.line.match(stripped):
            return spec.kind
    return None


def _opener_kind(text: str, kinds: tuple[KindPatterns, ...]) -> str | None:
    if len(text) > 120:
        return None
    return first_kind("opener", text.strip(" *-–—•|·:>\"'#[](){}").lower())


def _phrase_kind(
    text: str, n_words: int, prose: bool, kinds: tuple[KindPatterns, ...]
) -> str | None:
    if prose and n_words > _PHRASE_MAX_WORDS:
        return None  # too long a paragraph for a few phrases to make it furniture
    counts = phrase_counts(text.lower())
    best: tuple[int, str] | None = None
    for spec in kinds:
        hits = counts.get(spec.kind, 0)
        if not hits:
            continue
        if prose:
            dense = (hits >= 2 and hits * 30 >= n_words) or (hits >= 3 and hits * 45 >= n_words)
        else:
            dense = hits * 30 >= n_words
        if dense and (best is None or hits > best[0]):
            best = (hits, spec.kind)
    return best[1] if best else None


def furniture_kind(text: str) -> str | None:
    """The junk kind a block's own words give it (whole-line patterns, then phrases), if any."""
    kinds = boilerplate_kinds()
    n = _size(text)
    return _line_kind(text, kinds) or _phrase_kind(text, n, False, kinds)


def _is_dateline(text: str, n_words: int) -> bool:
    """A short line that is a date (and time), maybe with 'Updated', and nothing else.

    A month name counts only beside a number: "Clinching in November" is a sub-heading."""
    if n_words == 0 or n_words > 14:
        return False
    months, neutral = _dateline_words()
    has_date = bool(_NUMERIC_DATE.search(text))
    has_number = _DIGIT.search(text) is not None
    other = 0
    for token in _words(text.lower()):
        if token in months:
            has_date = has_date or has_number
        elif not (token.isdigit() or token in neutral):
            other += 1
            if other > 2:
                return False
    return has_date


@functools.cache
def _dateline_words() -> tuple[frozenset[str], frozenset[str]]:
    """Month names, and the other words a date line may hold (weekdays, "updated", "am")."""
    weekdays = {w for names in date_words()["weekdays"] for w in names}
    return frozenset(month_numbers()), frozenset(weekdays | set(date_words()["dateline_words"]))


def _is_byline(text: str, n_words: int) -> bool:
    if n_words > 24:
        return False
    match = _BYLINE.match(text.lstrip(" |/-–—·•"))
    if not match:
        return False
    # "By Jane Doe, Reuters" or "By Jane Doe on Tuesday, March 9, 2021 at 8:47 p.m."
    return n_words <= 8 or not _ends_sentence(text) or bool(re.search(r"\d", text))


def _is_keyword_list(text: str) -> bool:
    """A tag or SEO keyword list: many short comma-separated terms, most opening alike.

    A list of names or items in a sentence does not repeat a word across its terms; a page's
    keyword line ("trail running 2023, trail running shoes, trail running tips, …") does.
    """
    if _ends_sentence(text):
        return False
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) < _KEYWORD_TERMS or any(len(p.split()) > 6 for p in parts):
        return False
    # the terms share their first word ("trail running shoes, trail running tips"), which an
    # ingredient or item list ("1 cup lettuce, ½ cup tomatoes") does not
    firsts = Counter(p.split()[0].lower() for p in parts)
    word, count = firsts.most_common(1)[0]
    return word.isalpha() and len(word) > 2 and count >= 0.5 * len(parts)


def _title_case_share(words: list[str]) -> float:
    long = [w for w in words if len(w) > 3]
    if not long:
        return 0.0
    return sum(1 for w in long if w[0].isupper()) / len(long)


def judge(text: str, *, title: str | None = None, extracted: bool = False) -> list[Judged]:
    """Every unit of `text` with its verdict.

    `extracted`: the text is what a main-content extractor kept of an HTML page (ours), so
    nothing is removed for its position alone: the page around the article is already gone, and
    a block outside the longest prose run is a section of the article (a list, a table, a
    second part under its own heading). Blocks junk by their own evidence, and what follows a
    closing opener (comments, a sign-up box), still go.
    """
    kinds = boilerplate_kinds()
    units = split_glued(segment(text))
    judged = [Judged(u) for u in units]
    if not units:
        return judged
    counts = Counter(u.text.lower() for u in units if len(u.text) >= 3)
    title_key = title.strip().lower() if title else None
    weights: list[float] = []
    seen: set[str] = set()
    repeats: set[int] = set()  # paragraphs that repeat an earlier one word for word
    for index, item in enumerate(judged):
        unit = item.unit
        n = item.size = _size(unit.text)
        prose = n >= 10 and _ends_sentence(unit.text) and not unit.heading
        key = unit.text.lower()
        kind = _line_kind(unit.text, kinds)
        reason = "line pattern" if kind else ""
        if kind is None and n <= 14 and _is_dateline(unit.text, n):
            kind, reason = "dateline", "date line"
        if kind is None and _is_byline(unit.text, n):
            kind, reason = "byline", "byline shape"
        if kind is None and _is_keyword_list(unit.text):
            kind, reason = "navigation", "keyword list"
        if kind is None:
            kind = _phrase_kind(unit.text, n, prose, kinds)
            reason = "phrases" if kind else ""
        if kind is None and is_caption(unit.text):
            kind, reason = "caption", "caption shape"
        if kind is None and title_key and key == title_key:
            kind, reason = "other", "repeats the title"
        if kind is None and index and key == judged[index - 1].unit.text.lower():
            kind, reason = "other", "repeats the block before it"
        if kind is None and key in seen and prose and n >= _REPEAT_MIN_WORDS:
            repeats.add(len(weights))
        if kind is None:
            seen.add(key)
        item.kind, item.reason = kind, reason
        item.caption = kind == "caption"
        weights.append(_weight(unit, n, prose, kind, counts[key] > 1))
    _caption_above_credit(judged)
    _box_headings(judged)
    for i in repeats:
        if i - 1 in repeats or i + 1 in repeats:  # a run of them: the page carries a second copy
            judged[i].kind, judged[i].reason = "other", "repeats earlier paragraphs"
            weights[i] = -(4.0 + judged[i].size)
    _smooth(judged, weights, kinds)
    start, end = _best_segment(weights)
    if extracted or sum(weights[start : end + 1]) < _MIN_BODY_WEIGHT:
        # No run of prose stands out (a table, a list, a calendar): nothing is removed for
        # its position, only for its own evidence.
        start, end = 0, len(judged) - 1
    end = _cut_at_opener(judged, start, end, kinds, rivers=not extracted)
    if _EXTEND_TAIL:
        end = _extend_tail(judged, end, kinds)
    if _EXTEND_HEAD:
        start = _extend_head(judged, start, title)
    _label_outside(judged, start, end, kinds)
    return judged


def _smooth(judged: list[Judged], weights: list[float], kinds: tuple[KindPatterns, ...]) -> None:
    """Junk comes in runs: a block beside a block of one junk kind is of it too when it has
    a phrase of that kind, or when it is short and the blocks on both sides are of that kind.

    Sign-up boxes and comment policies come as runs of lines; one line of such a run may read
    as prose ("Watch your mailbox for our weekly digest."). Ad labels and share bars are single
    slots set between paragraphs, so a sentence between two of them is a paragraph of the body.
    """
    by_kind = {k.kind: k for k in kinds}
    changed = True
    while changed:
        changed = False
        for i, item in enumerate(judged):
            if item.kind is not None:
                continue
            before = judged[i - 1].kind if i > 0 else None
            after = judged[i + 1].kind if i + 1 < len(judged) else None
            n = item.size
            for kind in dict.fromkeys(k for k in (before, after) if k is not None):
                if kind in ("caption", "dateline", "byline", "other") or n > 40:
                    continue
                hits = by_kind[kind].phrase_hits(item.unit.text.lower())
                sandwiched = before == after and n <= 15
                if sandwiched and kind in _SLOT_KINDS and _ends_sentence(item.unit.text):
                    sandwiched = False  # a one-sentence paragraph between two ad slots
                if hits or sandwiched:
                    item.kind, item.reason = kind, f"in a run of {kind} blocks"
                    weights[i] = -(4.0 + n)
                    changed = True
                    break


def _weight(unit: Unit, n: int, prose: bool, kind: str | None, repeated: bool) -> float:
    if kind is not None:
        return -(4.0 + n)
    if repeated and n <= 30 and not prose:
        return -(2.0 + n)
    if prose:
        return float(min(n, 150))
    if n >= 5 and _ends_sentence(unit.text):
        return 0.8 * n
    if n >= 20 and _title_case_share(_words(unit.text)) < 0.5:
        return 0.5 * n
    if unit.bullet:
        return -(_BULLET_COST + 0.3 * n)
    return -(_SHORT_COST + 0.3 * n)


def _best_segment(weights: list[float]) -> tuple[int, int]:
    """[start, end] of the maximum-sum run (Kadane); the first unit if nothing is positive."""
    best, best_span = float("-inf"), (0, 0)
    run, run_start = 0.0, 0
    for i, w in enumerate(weights):
        if run <= 0:
            run, run_start = w, i
        else:
            run += w
        if run > best:
            best, best_span = run, (run_start, i)
    return best_span


def _extend_tail(judged: list[Judged], end: int, kinds: tuple[KindPatterns, ...]) -> int:
    """Short closing lines after the body stay until the first sign of furniture.

    A body often ends in lines too short to weigh as prose (a sign-off, "With wire reports", a
    last Q and A); they go only when junk evidence, a list or a heading comes before them. A
    single inline slot (an ad label, a promo line, a caption) between prose paragraphs does not
    end the body: it is removed and the paragraph after it stays.
    """
    i = end + 1
    while i < len(judged):
        item = judged[i]
        unit = item.unit
        if item.kind in _INLINE_KINDS and i + 1 < len(judged):
            following = judged[i + 1]
            if following.kind is None and _is_prose(following.unit.text):
                i += 1
                continue
        if item.kind is not None or unit.heading or (unit.bullet and len(unit.text) < 30):
            break
        if _opener_kind(unit.text, kinds) is not None:
            break
        end = i
        i += 1
    return end


def _is_prose(text: str) -> bool:
    return _size(text) >= 10 and _ends_sentence(text)


def _cut_at_opener(
    judged: list[Judged],
    start: int,
    end: int,
    kinds: tuple[KindPatterns, ...],
    *,
    rivers: bool = True,
) -> int:
    """Handle section openers inside the body.

    A list opener ("Read also", "Related") takes the headlines and snippets after it, up to
    the next prose paragraph, where the article resumes. Any other opener (comments, a sign-up
    box, an appeal, a copyright line) ends the body when most of its prose comes before it.
    """
    total = sum(j.size for j in judged[start : end + 1] if j.kind is None)
    before = 0
    i = start
    while i <= end:
        item = judged[i]
        n = item.size
        opener = _opener_kind(item.unit.text, kinds) if n <= 12 else None
        if opener in _LIST_OPENERS:
            if item.kind is None:
                item.kind, item.reason = opener, "opens a list of links"
            j = i + 1
            while j <= end and not _is_prose(judged[j].unit.text):
                if judged[j].kind is None:
                    judged[j].kind, judged[j].reason = opener, f"in a {opener} list"
                j += 1
            i = j
            continue
        if opener is not None and i > start and before >= 0.5 * total:
            if opener not in _SLOT_OPENERS or not _reporting_resumes(judged, i, end, opener):
                return i - 1
            if item.kind is None:  # an appeal or sign-up box set mid-article: the slot goes
                item.kind, item.reason = opener, f"opens an {opener} box mid-article"
        if item.kind == "comments" and i > start and before >= 0.6 * total:
            return i - 1  # a comment line (a "Reply" link, the comment rules) late in the body
        own_evidence = item.reason in ("line pattern", "phrases")
        if item.kind in _CLOSING_KINDS and own_evidence and i > start and before >= 0.5 * total:
            after = sum(j.size for j in judged[i + 1 : end + 1] if j.kind is None)
            if after < _CLOSING_REST * total and not _reporting_resumes(judged, i, end, item.kind):
                return i - 1  # a sign-up box, an appeal or a footer line near the end
        if item.kind == "comments" and i > start and before >= 0.25 * total:
            thread = sum(1 for j in judged[i + 1 : end + 1] if j.kind == "comments")
            if thread >= _THREAD_MARKS:
                return i - 1  # a thread: "X says:", dates and "Reply" between comments
        if rivers and i > start and before >= 0.5 * total and _starts_river(judged, i, end):
            return i - 1
        if item.kind is None:
            before += n
        i += 1
    return end


def _reporting_resumes(judged: list[Judged], i: int, end: int, kind: str | None) -> bool:
    """An appeal or sign-up box set mid-article: full prose paragraphs follow it before the
    next furniture, so the article goes on after the slot. One prose paragraph that another
    block of the slot's own kind follows is the box's own plea ("As you may know, our paper
    was ..." between two lines asking for money), not reporting."""
    words = 0
    pending, paragraphs = 0, 0
    # past the body's end only to see whether the box goes on after the prose
    for index, item in enumerate(judged[i + 1 :], start=i + 1):
        if item.kind is not None and item.kind not in _CLOSING_KINDS:
            break
        if index > end and item.kind is None:
            break
        if item.kind is None and _is_prose(item.unit.text):
            pending += item.size
            paragraphs += 1
        elif item.kind is not None and item.kind == kind:
            if paragraphs > _BOX_PROSE_PARAGRAPHS:
                words += pending
            pending, paragraphs = 0, 0
    return words + pending >= _RESUME_MIN_WORDS


def _is_heading_like(unit: Unit) -> bool:
    if unit.heading:
        return True
    words = _words(unit.text)
    return (
        0 < len(words) <= 14 and not _ends_sentence(unit.text) and _title_case_share(words) >= 0.6
    )


def _starts_river(judged: list[Judged], i: int, end: int) -> bool:
    """A list of teasers: headings every few blocks with only short snippets between them."""
    if not _is_heading_like(judged[i].unit):
        return False
    window = judged[i : min(end + 1, i + _RIVER_WINDOW)]
    if len(window) < _RIVER_WINDOW:
        return False
    headings = sum(1 for j in window if _is_heading_like(j.unit))
    longest = max(j.size for j in window)
    return headings >= _RIVER_HEADINGS and longest < _RIVER_LONGEST


def _extend_head(judged: list[Judged], start: int, title: str | None) -> int:
    """Short opening lines before the body stay until the first sign of furniture."""
    title_key = title.strip().lower() if title else None
    for i in range(start - 1, -1, -1):
        unit = judged[i].unit
        if judged[i].kind is not None or unit.heading or unit.bullet:
            break
        if title_key and unit.text.lower() == title_key:
            break
        if not _ends_sentence(unit.text) and _title_case_share(_words(unit.text)) >= 0.6:
            break
        start = i
    return start


def _looks_extracted(judged: list[Judged]) -> bool:
    """No block anywhere in the text is page furniture by its own words: an extractor's output
    that kept only the article (and maybe its captions, date and byline lines).

    In such a text the blocks around the main prose run are more often the article's own
    structured parts (a fact box, a schedule, a Q and A, a stats table) than page furniture.
    """
    return not any(
        j.kind in _FURNITURE_KINDS and j.reason in ("line pattern", "phrases") for j in judged
    )


def _plain_zone(
    zone: list[Judged], kinds: tuple[KindPatterns, ...], extracted: bool = False
) -> bool:
    if not zone:
        return False
    ignored = _SELF_EVIDENT_KINDS if extracted else ()
    marked = sum(1 for j in zone if j.kind is not None and j.kind not in ignored)
    if marked > _ZONE_JUNK_SHARE * len(zone):
        return False
    if zone[-1].unit.heading or (len(zone) == 1 and _is_heading_like(zone[0].unit)):
        return False  # a title (and nothing else) before the body
    return not any(_opener_kind(j.unit.text, kinds) for j in zone if j.size <= 12)


def _label_outside(
    judged: list[Judged], start: int, end: int, kinds: tuple[KindPatterns, ...]
) -> None:
    """Units outside the body go, each with the kind its evidence (or its section) gives.

    A zone before or after the body in which almost nothing is furniture by its own evidence
    (an extractor's already-clean output, a page of lists and short sections) is not page
    furniture: it stays, but for the blocks that are junk on their own.
    """
    extracted = _looks_extracted(judged)
    keep_head = _plain_zone(judged[:start], kinds)
    keep_tail = _plain_zone(judged[end + 1 :], kinds, extracted)
    section: str | None = None
    for i, item in enumerate(judged):
        if start <= i <= end:
            continue
        if (i < start and keep_head) or (i > end and keep_tail):
            continue
        if i > end:
            opener = _opener_kind(item.unit.text, kinds)
            if opener is not None:
                section = opener
        if item.kind is None:
            n = item.size
            if section is not None:
                item.kind, item.reason = section, f"in a {section} section"
            elif n >= 10 and _ends_sentence(item.unit.text):
                item.kind, item.reason = "other", "outside the article body"
            elif i < start and n >= 6 and not item.unit.bullet:
                item.kind, item.reason = "other", "headline or standfirst before the body"
            else:
                item.kind, item.reason = "navigation", "outside the article body"
        elif i > end and section is not None and item.kind in ("other", "navigation", "share"):
            item.kind = section


def lead_dateline(lead: str) -> str | None:
    """The dateline that opens a lead paragraph ("YEREVAN —", "SANTA FE, N.M. (AP) —"), without
    its dash, if it has one."""
    match = _DATELINE_PREFIX.match(lead)
    if match and len(_words(match.group(1))) <= 5:
        return match.group(1).strip()
    return None


def clean(text: str, *, title: str | None = None, extracted: bool = False) -> CleanResult:
    """The body of `text` with its furniture removed, the removals and the captions."""
    judged = judge(text, title=title, extracted=extracted)
    kept: list[Unit] = []
    removed: list[Removed] = []
    captions: list[str] = []
    for item in judged:
        if item.kind is None:
            kept.append(item.unit)
        elif item.kind == "caption":
            captions.append(item.unit.text)
            removed.append(Removed("caption", item.unit.text))
        else:
            removed.append(Removed(item.kind, item.unit.text))
    dateline = lead_dateline(kept[0].text) if kept else None
    return CleanResult(join(kept), removed, captions, judged, dateline)
