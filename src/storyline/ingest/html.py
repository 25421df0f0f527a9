"""HTML pages: main text (paragraphs kept) and metadata with trafilatura and htmldate.

The page is parsed once; the same lxml tree feeds the metadata (meta tags, JSON-LD, htmldate),
the headline choice, the figure captions and (as a copy, because trafilatura prunes it) the
main-text extraction.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from copy import copy
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from htmldate import find_date
from lxml.etree import ParserError, XMLSyntaxError
from lxml.html import HtmlElement
from trafilatura.metadata import (  # internals of the pinned 2.3 line, used to parse only once
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_url,
)
from trafilatura.settings import Document
from trafilatura.utils import load_html

from storyline.errors import Errors, ReadError
from storyline.ingest.base import ReadContext, ReadResult, readers
from storyline.ingest.dates import ShownDate, dates_in_text
from storyline.ingest.decode import DecodeError, decode_text
from storyline.ingest.text import tidy_text
from storyline.model import Article

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# Separators between a headline and a site or section name: "Headline | Site", "Site - Headline".
_TITLE_SEPARATORS = re.compile(r"(\s+(?:\||–|—|-|::|·|•|»|~)\s+)")
_WORDS = re.compile(r"\w+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# A site-name part of a title is a short label; a headline part rarely is this short.
_MAX_LABEL_WORDS = 4
# An <h1> is the headline when its words and a metadata title's overlap this much (Dice).
_MIN_H1_OVERLAP = 0.3
_MAX_HEADLINE_WORDS = 40
# Byline residue around a name: "By Jane Doe ·", "Jane Doe |".
_AUTHOR_TRIM = re.compile(r"^\W+|[\s|·•,;:–—-]+$")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# JSON-LD types whose datePublished is the page's own (not a site's, a product's, a video's).
_POSTING_TYPE = re.compile(r"Article$|Posting$|^Report$|^Question$|^Review$|^Recipe$|^HowTo$")
_PARSE_ERRORS = (ParserError, XMLSyntaxError, ValueError, TypeError)


@readers.register("storyline.html_reader.v1")
def read_html(data: bytes, source: str, ctx: ReadContext) -> Iterator[ReadResult]:
    try:
        markup, _ = decode_text(data, declared=declared_charset(data))
    except DecodeError as exc:
        yield ReadError(source, str(exc))
        return
    yield html_article(markup, source, ctx, input_format="html")


def declared_charset(data: bytes) -> str | None:
    found = _CHARSET.search(data[:4096])
    return found.group(1).decode("ascii").lower() if found else None


@dataclass
class PageMetadata:
    """What the page says about itself, each field None when it does not say."""

    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    url: str | None = None
    hostname: str | None = None
    date: str | None = None
    date_evidence: str | None = None
    site_names: list[str] = field(default_factory=list)


def parse_html(markup: str) -> HtmlElement | None:
    """The page as an lxml tree (trafilatura's loader: repairs, encoding checks), or None."""
    try:
        tree = load_html(markup)
    except _PARSE_ERRORS:
        return None
    return tree if isinstance(tree, HtmlElement) else None


def extract_page(markup: str | HtmlElement, url: str | None = None) -> dict[str, Any] | None:
    """Body text and metadata of a page; None when trafilatura finds no main content.

    Keys: text, title (the headline, site name removed), author, sitename, url, hostname, date
    (YYYY-MM-DD, the original publication date) and date_evidence, language, captions.
    """
    tree = markup if isinstance(markup, HtmlElement) else parse_html(markup)
    if tree is None:
        return None
    text, language = main_text(tree, url)
    if not text:
        return None
    metadata = page_metadata(tree, url)
    return {
        "text": without_headline(text, metadata.title),
        "title": metadata.title,
        "author": metadata.author,
        "sitename": metadata.sitename,
        "url": metadata.url,
        "hostname": metadata.hostname,
        "date": metadata.date,
        "date_evidence": metadata.date_evidence,
        "language": language,
        "captions": figure_captions(tree),
    }


def main_text(tree: HtmlElement, url: str | None = None) -> tuple[str | None, str | None]:
    """The main text of a page and its language, with trafilatura's default balance of
    precision and recall; when that finds nothing, once more favouring recall (pages whose
    body is one long block that the default judges too thin)."""
    for favor_recall in (False, True):
        try:
            document = trafilatura.bare_extraction(
                copy(tree),
                url=url,
                with_metadata=False,
                include_comments=False,
                include_tables=True,
                include_images=False,
                favor_recall=favor_recall,
            )
        except _PARSE_ERRORS:
            continue
        text = getattr(document, "text", None)
        if text:
            return text, getattr(document, "language", None)
    return None, None


def without_headline(text: str, title: str | None) -> str:
    """The body without a first line that only repeats the headline (kept in `title`)."""
    first, sep, rest = text.lstrip().partition("\n")
    if title and sep and rest.strip() and _words(first) == _words(title):
        return rest.lstrip("\n")
    return text


def page_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Title, author, site name, URL and publication date from one parsed page.

    The same sources as `trafilatura.extract_metadata` (meta tags, then JSON-LD, then the page),
    without the parts storyline does not use (categories, tags, licence), and a headline chosen
    among the <h1> and the metadata titles with the site name taken off.
    """
    try:
        found = examine_meta(tree)
    except _PARSE_ERRORS:
        found = Document()
    if found.author and " " not in found.author:
        found.author = None  # a bare handle ("admin"), as trafilatura judges it
    # trafilatura's JSON-LD reader has known crashes on odd data: keep the meta tags then
    found = _quiet(extract_meta_json, tree, found) or found
    author = _AUTHOR_TRIM.sub("", found.author or _quiet(extract_author, tree) or "") or None
    page_url = _quiet(extract_url, tree, url) or url
    hostname = urlsplit(page_url).hostname if page_url else None
    sitename = (found.sitename or _quiet(extract_sitename, tree) or "").lstrip("@").strip() or None
    site_names = _site_names(tree, sitename)
    published, evidence = publication_date(tree, page_url)
    return PageMetadata(
        title=best_title(
            h1_texts(tree),
            [found.title, *_meta_titles(tree)],
            site_names,
            hostname,
        ),
        author=author,
        sitename=sitename,
        url=page_url,
        hostname=hostname,
        date=published,
        date_evidence=evidence,
        site_names=site_names,
    )


def publication_date(tree: HtmlElement, url: str | None = None) -> tuple[str | None, str | None]:
    """The page's publication date (YYYY-MM-DD) and where it came from; (None, None) when the
    page gives no date. In order of trust:

    1. a publication-date <meta> tag (`resources/ingest/page_dates.toml`);
    2. the main JSON-LD item's `datePublished`, unless the page does not show that date but
       shows, as its date, a later one: the item's or the meta tags' modified date, a date
       labelled "Updated", or the date under the headline. Evergreen guides keep the
       datePublished of the URL's first version and show readers the date of the text they
       carry;
    3. body microdata (`itemprop="datePublished"` or `"dateCreated"`: a forum question);
    4. the date the page shows: labelled "Published"/"Posted", else labelled "Updated" (or the
       unlabelled date just before such a label: "March 2, 2024 · Updated May 5, 2024"), else
       the first date just around the headline, else the first <time datetime>;
    5. what htmldate finds (URL, markup, text).

    The day is the one written in the value's own time zone. Dates in the future or before
    1990 are refused.
    """
    rules = _page_date_rules()
    head = _head_meta(tree)
    for name in rules.published_meta:
        day = _meta_day(head.get(name))
        if day:
            return day, f"page metadata (<meta> {name})"
    shown = _ShownDates(tree, rules)
    published, modified = json_ld_dates(tree)
    if published:
        later = _shown_instead(published, modified, head, shown, rules)
        if later:
            return later
        return published, "page metadata (JSON-LD datePublished)"
    for name in rules.shown_meta:
        day = _meta_day(head.get(name))
        if day and shown.shows(day):
            return day, f"page metadata (<meta> {name}, a date the page shows)"
    for node in tree.xpath(rules.itemprop_xpath):
        day = _iso_day(node.get("datetime") or node.get("content"))
        if day:
            return day, f"page markup (itemprop {node.get('itemprop')})"
    for label, day in (
        ("labelled as published", shown.labelled(rules.published_labels)),
        ("labelled as updated", shown.labelled(rules.updated_labels, before_label=True)),
        ("by the headline", shown.by_headline()),
    ):
        if day:
            return day, f"date the page shows {label}"
    for node in tree.iter("time"):
        day = _iso_day(node.get("datetime"))
        if day:
            return day, "page markup (first <time datetime>)"
    day = htmldate_published(tree, url)
    if day:
        return day, "page metadata (publication date, htmldate)"
    return None, None


def _shown_instead(
    published: str,
    modified: str | None,
    head: dict[str, str],
    shown: _ShownDates,
    rules: _PageDateRules,
) -> tuple[str, str] | None:
    """A later date the page shows in place of its JSON-LD datePublished, which it does not
    show; None when it shows that date, or no later one."""
    if shown.shows(published):
        return None
    meta_dates = [_meta_day(head.get(name)) for name in (*rules.modified_meta, *rules.shown_meta)]
    for day in (modified, *meta_dates):
        if day and day > published and shown.shows(day):
            return day, "modified date the page shows (its datePublished it does not show)"
    for label, day in (
        ("by the headline", shown.by_headline()),
        ("labelled as updated", shown.labelled(rules.updated_labels)),
    ):
        if day and day > published:
            return day, f"date the page shows {label} (its datePublished it does not show)"
    return None


@dataclass(frozen=True)
class _PageDateRules:
    published_meta: tuple[str, ...]
    modified_meta: tuple[str, ...]
    shown_meta: tuple[str, ...]
    itemprop_xpath: str
    published_labels: re.Pattern[str]
    updated_labels: re.Pattern[str]
    ignored_labels: re.Pattern[str]


@functools.cache
def _page_date_rules() -> _PageDateRules:
    text = resources.files("storyline").joinpath("resources/ingest/page_dates.toml").read_text()
    data = tomllib.loads(text)
    props = " or ".join(f'@itemprop="{name}"' for name in data["published_itemprops"])
    return _PageDateRules(
        published_meta=tuple(data["published_meta"]),
        modified_meta=tuple(data["modified_meta"]),
        shown_meta=tuple(data["shown_meta"]),
        itemprop_xpath=f"//body//*[{props}][@datetime or @content]",
        published_labels=re.compile("|".join(data["published_labels"])),
        updated_labels=re.compile("|".join(data["updated_labels"])),
        ignored_labels=re.compile("|".join(data["ignored_labels"])),
    )


def _head_meta(tree: HtmlElement) -> dict[str, str]:
    """<meta> name (property, name or itemprop; lower case) -> content, first one kept."""
    found: dict[str, str] = {}
    for node in tree.iter("meta"):
        name = node.get("property") or node.get("name") or node.get("itemprop")
        content = node.get("content")
        if name and content:
            found.setdefault(name.strip().lower(), content.strip())
    return found


# Dates a page shows are looked for in the first part of its text: the header, byline and
# lead, not the archive lists and comment threads below.
_SHOWN_CHARS = 40_000
_LABEL_REACH = 8_000
# The unlabelled date before an "Updated" one: "March 2, 2024 · Updated on May 5, 2024".
_PAIRED_DATES_CHARS = 60
# Around the headline: a byline and date line sit just under it, or just above it.
_HEADLINE_AFTER = 200
_HEADLINE_BEFORE = 60
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})


class _ShownDates:
    """The full dates of a page's visible text, found once, on first use."""

    def __init__(self, tree: HtmlElement, rules: _PageDateRules) -> None:
        self._tree = tree
        self._rules = rules
        self._found: list[ShownDate] | None = None
        self._days: set[str] = set()
        self._headline: tuple[int, int] | None = None

    def _scan(self) -> list[ShownDate]:
        if self._found is None:
            text = visible_text(self._tree, _SHOWN_CHARS)
            found = [
                shown
                for shown in dates_in_text(text, latest=date.today())
                if not self._rules.ignored_labels.search(shown.before)
            ]
            self._found = found
            self._days = {shown.day for shown in found}
            for h1 in h1_texts(self._tree)[:1]:
                start = text.find(h1)
                if start >= 0:
                    self._headline = (start, start + len(h1))
        return self._found

    def shows(self, day: str) -> bool:
        self._scan()
        return day in self._days

    def labelled(self, label: re.Pattern[str], *, before_label: bool = False) -> str | None:
        """The first date whose label matches; with `before_label`, an unlabelled date right
        before it comes first (the original date of an updated page)."""
        found = self._scan()
        for index, shown in enumerate(found):
            if shown.position > _LABEL_REACH:
                return None
            if not label.search(shown.before):
                continue
            if before_label and index:
                previous = found[index - 1]
                if (
                    shown.position - previous.position < _PAIRED_DATES_CHARS
                    and previous.day < shown.day
                    and not label.search(previous.before)
                ):
                    return previous.day
            return shown.day
        return None

    def by_headline(self) -> str | None:
        found = self._scan()
        if self._headline is None:
            return None
        start, end = self._headline
        for shown in found:
            if start - _HEADLINE_BEFORE <= shown.position < start or (
                end <= shown.position < end + _HEADLINE_AFTER
            ):
                return shown.day
        return None


def visible_text(tree: HtmlElement, limit: int) -> str:
    """The first `limit` characters of the body's text as a reader sees it (no scripts or
    styles), whitespace collapsed."""
    body = tree.find("body")
    root = body if body is not None else tree
    pieces: list[str] = []
    size = 0
    stack: list[tuple[HtmlElement, bool]] = [(root, False)]
    while stack and size < limit:
        node, tail_only = stack.pop()
        if tail_only:
            piece = node.tail
        else:
            if node.tail is not None and node is not root:
                stack.append((node, True))
            if not isinstance(node.tag, str) or node.tag in _SKIPPED_TAGS:
                continue
            stack.extend((child, False) for child in reversed(node))
            piece = node.text
        if piece and not piece.isspace():
            pieces.append(piece)
            size += len(piece)
    return " ".join(" ".join(pieces).split())[:limit]


def json_ld_published(tree: HtmlElement) -> str | None:
    """`datePublished` of the page's main JSON-LD item (see `json_ld_dates`)."""
    return json_ld_dates(tree)[0]


def json_ld_dates(tree: HtmlElement) -> tuple[str | None, str | None]:
    """`datePublished` and `dateModified` of the page's main JSON-LD item: an article or
    posting type first, else the first item that has a datePublished. Only ISO dates
    (YYYY-MM-DD...) that are not in the future."""
    found: list[tuple[bool, str, str | None]] = []
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        for item in _json_ld_items(data):
            day = _iso_day(item.get("datePublished"))
            if day:
                modified = _iso_day(item.get("dateModified"))
                found.append((_is_posting(item.get("@type")), day, modified))
    for preferred in (True, False):
        for is_posting, day, modified in found:
            if is_posting == preferred:
                return day, modified
    return None, None


def _json_ld_items(data: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD document: top level, lists and `@graph`, not nested values."""
    if isinstance(data, list):
        for entry in data:
            yield from _json_ld_items(entry)
    elif isinstance(data, dict):
        yield data
        yield from _json_ld_items(data.get("@graph"))


def _is_posting(kind: Any) -> bool:
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and _POSTING_TYPE.search(k) for k in kinds)


def _meta_day(value: Any) -> str | None:
    """A metadata date: ISO, or the one full date its words give ("March 27, 2025")."""
    day = _iso_day(value)
    if day or not isinstance(value, str):
        return day
    shown = dates_in_text(value, latest=date.today())
    return shown[0].day if len(shown) == 1 else None


def _iso_day(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    match = _ISO_DAY.match(value.strip())
    if not match:
        return None
    try:
        day = date.fromisoformat(match.group(0))
    except ValueError:
        return None
    return day.isoformat() if date(1990, 1, 1) <= day <= date.today() else None


def htmldate_published(tree: HtmlElement, url: str | None = None) -> str | None:
    """The original publication date htmldate finds, or None."""
    try:
        found = find_date(
            tree,
            url=url,
            original_date=True,
            extensive_search=True,
            max_date=date.today().isoformat(),
        )
    except _PARSE_ERRORS:
        return None
    return str(found)[:10] if found else None


def _quiet(func: Any, *args: Any) -> Any:
    try:
        return func(*args)
    except Exception:
        return None


def html_article(
    markup: str, source: str, ctx: ReadContext, *, url: str | None = None, **metadata: Any
) -> ReadResult:
    """An article from page markup; metadata given by the caller (a feed, a JSONL line) wins."""
    page = extract_page(markup, url)
    text = tidy_text((page or {}).get("text") or "")
    if not page or not text:
        return ReadError(source, Errors.S006.format(detail=" (trafilatura found no main content)"))
    fields: dict[str, Any] = {
        "url": url or page.get("url"),
        "title": page.get("title"),
        "author": page.get("author"),
        "captions": page.get("captions") or [],
        "language": page.get("language"),
    }
    if page.get("sitename"):
        fields["outlet"] = page["sitename"]
        fields["outlet_evidence"] = "page metadata (site name)"
    if page.get("date"):
        fields["published"] = str(page["date"])[:10]
        fields["published_evidence"] = page.get("date_evidence") or "page metadata"
    fields.update({k: v for k, v in metadata.items() if v is not None})
    return Article.create(source=source, text=text, **fields)


# --- headline -------------------------------------------------------------------------------


def _clean(text: str | None) -> str:
    return " ".join((text or "").translate(_INVISIBLE).split())


def _letters(text: str) -> str:
    """Lower-cased letters and digits only: "Move.org" and "move org" compare equal."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


def _words(text: str | None) -> list[str]:
    return _WORDS.findall((text or "").lower())


def h1_texts(tree: HtmlElement) -> list[str]:
    """Text of each <h1> in the body, in page order, empty ones left out."""
    texts = []
    for node in tree.iter("h1"):
        text = _clean(_text_with_breaks(node))
        if text and _words(text):
            texts.append(text)
    return texts


def _text_with_breaks(node: HtmlElement) -> str:
    """Text content with a space for each <br> ("News Product<br>Management"), no scripts."""
    pieces = [node.text or ""]
    for child in node:
        if child.tag == "br":
            pieces.append(" ")
        elif isinstance(child.tag, str) and child.tag not in {"script", "style", "template"}:
            pieces.append(_text_with_breaks(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _meta_titles(tree: HtmlElement) -> list[str]:
    titles = []
    for xpath in (
        './/head/meta[@property="og:title"]/@content',
        './/head/meta[@name="twitter:title"]/@content',
        ".//head//title",
    ):
        for value in tree.xpath(xpath)[:1]:
            text = value.text_content() if isinstance(value, HtmlElement) else str(value)
            titles.append(_clean(text))
    return titles


def _site_names(tree: HtmlElement, sitename: str | None) -> list[str]:
    names = [sitename] if sitename else []
    for xpath in (
        './/head/meta[@property="og:site_name"]/@content',
        './/head/meta[@name="application-name"]/@content',
        './/head/meta[@name="apple-mobile-web-app-title"]/@content',
    ):
        names.extend(str(value) for value in tree.xpath(xpath)[:1])
    return [name for name in dict.fromkeys(_clean(n) for n in names) if name]


def _host_labels(hostname: str | None) -> list[str]:
    """The distinctive labels of a host: "www.energysage.com" -> ["energysage"]."""
    if not hostname:
        return []
    labels = [label for label in hostname.lower().split(".") if label]
    generic = {"www", "m", "amp", "blog", "news", "en", "com", "org", "net", "co", "uk", "io"}
    return [_letters(label) for label in labels[:-1] if label not in generic and len(label) > 2]


def _is_site_part(part: str, site_forms: set[str], host_labels: list[str]) -> bool:
    """True when a title part names the site: equal to a site name, or a short label that
    contains the host name ("Thomann UK" on thomann.de) or is contained in it."""
    form = _letters(part)
    if not form:
        return True
    if form in site_forms:
        return True
    if len(part.split()) > _MAX_LABEL_WORDS:
        return False
    for known in [*site_forms, *host_labels]:
        if len(known) >= 4 and known in form:
            return True
        if len(form) >= 4 and form in known and 2 * len(form) >= len(known):
            return True
    return False


def strip_site_name(
    title: str | None, site_names: Iterable[str] = (), hostname: str | None = None
) -> str | None:
    """The headline without a leading or trailing site-name part ("Headline | Outlet").

    A part is dropped only when it is known to name the site (the page's site names, its host);
    without such evidence a title is kept whole, except that a final short label after a
    longer headline ("Headline | Opinion") goes.
    """
    title = _clean(title)
    if not title:
        return None
    pieces = _TITLE_SEPARATORS.split(title)
    parts, separators = pieces[0::2], pieces[1::2]
    if len(parts) < 2:
        return title
    site_forms = {_letters(name) for name in site_names if _letters(name)}
    host_labels = _host_labels(hostname)
    start, end = 0, len(parts)
    while end - start > 1 and _is_site_part(parts[end - 1], site_forms, host_labels):
        end -= 1
    while end - start > 1 and _is_site_part(parts[start], site_forms, host_labels):
        start += 1
    if (start, end) == (0, len(parts)) and len(parts) == 2:
        head, tail = parts
        if len(tail.split()) <= 2 < len(head.split()):
            end = 1
    kept = [parts[start]]
    for index in range(start + 1, end):
        kept.extend((separators[index - 1], parts[index]))
    return "".join(kept).strip() or title


def _overlap(candidate: str, reference: str) -> float:
    """Dice overlap of the two word multisets: 1 for the same words, 0 for none shared."""
    mine, theirs = Counter(_words(candidate)), Counter(_words(reference))
    total = sum(mine.values()) + sum(theirs.values())
    return 2 * sum((mine & theirs).values()) / total if total else 0.0


def _h1_site_names(h1s: list[str], meta_titles: list[str | None]) -> list[str]:
    """<h1>s that are the last part of a "Headline | Site" title: the site's masthead."""
    h1_forms = {_letters(h1): h1 for h1 in h1s}
    names = []
    for title in meta_titles:
        parts = _TITLE_SEPARATORS.split(_clean(title))[0::2]
        if len(parts) < 2:
            continue
        last = _letters(parts[-1])
        if last in h1_forms and _letters(parts[0]) not in h1_forms:
            names.append(h1_forms[last])
    return names


def best_title(
    h1s: list[str],
    meta_titles: list[str | None],
    site_names: Iterable[str] = (),
    hostname: str | None = None,
) -> str | None:
    """The page's headline: the <h1> that the metadata titles confirm, else the first
    metadata title with the site name taken off, else the only <h1>."""
    site_names = [*site_names, *_h1_site_names(h1s, meta_titles)]
    site_forms = {_letters(name) for name in site_names if _letters(name)}
    headlines = [
        cleaned
        for cleaned in dict.fromkeys(strip_site_name(t, site_names, hostname) for t in meta_titles)
        if cleaned and _words(cleaned) and _letters(cleaned) not in site_forms
    ]
    candidates = [
        h1
        for h1 in h1s
        if _letters(h1) not in site_forms and len(h1.split()) <= _MAX_HEADLINE_WORDS
    ]
    for h1 in candidates:
        if any(_overlap(h1, headline) >= _MIN_H1_OVERLAP for headline in headlines):
            return strip_site_name(h1, site_names, hostname)
    if headlines:
        return headlines[0]
    return strip_site_name(candidates[0], site_names, hostname) if len(candidates) == 1 else None


def clean_title(title: str | None, sitename: str | None) -> str | None:
    """A metadata title without its site-name part (for callers that only have the title)."""
    return strip_site_name(title, [sitename] if sitename else [])


# --- captions -------------------------------------------------------------------------------


def figure_captions(page: str | HtmlElement) -> list[str]:
    """Text of <figcaption> elements: photo captions and credits, kept out of the body."""
    tree = page if isinstance(page, HtmlElement) else parse_html(page)
    if tree is None:
        return []
    captions = []
    for node in tree.iter("figcaption"):
        text = _clean(node.text_content())
        if text and text not in captions:
            captions.append(text)
    return captions
