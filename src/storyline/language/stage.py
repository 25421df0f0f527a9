"""The `storyline.language.v1` stage: sentences and entity mentions of each article.

One spaCy pass per article (`nlp.pipe` for batches), then `mentions.find_mentions`. The stage
fills `Article.sentences` and `Article.entity_mentions`; corpus-level merging is
`entities.merge_entities`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from storyline.language.mentions import find_mentions
from storyline.language.nlp import get_nlp
from storyline.model import Article, Sentence
from storyline.pipeline import Stage, stages
from storyline.settings import Settings

log = logging.getLogger(__name__)

STAGE_NAME = "storyline.language.v1"
BATCH_SIZE = 32


def sentences_of(doc: Doc) -> list[Sentence]:
    """The sentences of `doc` with surrounding whitespace trimmed; blank ones dropped."""
    text = doc.text
    out: list[Sentence] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            out.append(Sentence(start=start, end=end, text=text[start:end]))
    return out


def apply_doc(article: Article, doc: Doc) -> Article:
    """Fill `article` from its parsed text (one bad article never stops a batch)."""
    try:
        article.sentences = sentences_of(doc)
        article.entity_mentions = find_mentions(doc)
    except Exception:  # a batch must survive one article the layer chokes on
        log.exception("language: no entities for %s", article.source)
        article.entity_mentions = []
    return article


def _parsable(article: Article, max_length: int) -> str:
    """The text spaCy will parse: an article longer than the model allows is left unparsed
    (one logged reason) rather than failing the batch."""
    text = parse_text(article)
    if len(text) > max_length:
        log.warning(
            "language: %s not analysed: %d characters over spaCy's limit of %d",
            article.source,
            len(text),
            max_length,
        )
        return ""
    return text


def parse_text(article: Article) -> str:
    """`article.text` as the language and events stages parse it: a wire dateline that opens
    the lead ("MOSCOW (Reuters) —", `Article.dateline`) is blanked out, every offset kept. It
    heads the first sentence without being part of it, so it is neither parsed into the
    sentence's subject nor cited with it."""
    text = article.text or ""
    end = dateline_end(text, article.dateline)
    return " " * end + text[end:] if end else text


_DATELINE_DASH = re.compile(r"\s*[—–-]{1,2}\s*")


def dateline_end(text: str, dateline: str | None) -> int:
    """Where the dateline that opens `text`, with its dash, ends (0 when it has none)."""
    if not dateline or not text.startswith(dateline):
        return 0
    dash = _DATELINE_DASH.match(text, len(dateline))
    return dash.end() if dash else 0


def annotate(article: Article) -> Article:
    """The stage function: parse one article and fill its sentences and entity mentions."""
    nlp = get_nlp()
    return apply_doc(article, nlp(_parsable(article, nlp.max_length)))


def annotate_many(articles: Iterable[Article], batch_size: int = BATCH_SIZE) -> Iterator[Article]:
    """`annotate` over many articles with one `nlp.pipe` (faster than one call per article)."""
    nlp = get_nlp()
    pending = list(articles)
    texts = [_parsable(a, nlp.max_length) for a in pending]
    for article, doc in zip(pending, nlp.pipe(texts, batch_size=batch_size), strict=True):
        yield apply_doc(article, doc)


@stages.register(STAGE_NAME)
def language_stage(settings: Settings) -> Stage:
    """Sentences and entity mentions (needs the cleaned `text`)."""
    return Stage(
        name=STAGE_NAME,
        func=annotate,
        requires=frozenset({"text"}),
        assigns=frozenset({"sentences", "entity_mentions"}),
    )
