"""Photo captions and credits left in a body by scrapers.

Besides the caption patterns of the lexicon ("Photo: …", "Credit…", "(AP Photo/…)"), two
shapes mark a caption: a block ending in a credit after a slash or bar that names an agency or
picture desk ("… greets the delegation. Press Office / ANSA"), and the agency caption style that
places and dates the picture with its year ("… in Mosul, Iraq, on March 3, 2017, …"),
which a news sentence about its own week does not do.
"""

from __future__ import annotations

import re

from storyline.clean.lexicon import wire_agencies

_CREDIT_TAIL = re.compile(
    r"(?:[.!?”\"]\s*|\s)(?:[A-Z][\w.&’'-]*\s+){0,4}[A-Z][\w.&’'-]*\s*[/|]\s*"
    r"(?P<credit>[A-Z][\w.&’'-]*(?:[ -][A-Z][\w.&’'-]*){0,3})\s*$"
)
# "… in New York. Reuters": a sentence, then an agency's name alone.
_BARE_CREDIT = re.compile(r"[.!?”\"]\s*(?P<credit>[A-Z][\w.&’'-]*(?:[ -][A-Z][\w.&’'-]*){0,2})\s*$")
_BARE_CREDIT_MAX_WORDS = 20
_FILE_WORDS = re.compile(r"\s+(?:file|handout|pool)(?: photo)?\s*$", re.IGNORECASE)
_DESK_WORDS = re.compile(
    r"\b(images?|photos?|pictures?|press|agency|archive|handout|pool|service|file)\b", re.IGNORECASE
)
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# The agency caption opener: "In this Aug. 3, 2015, file photo, …", "In this undated image …".
_IN_THIS_PHOTO = re.compile(
    r"^In (?:this|an?) (?:(?:undated|handout|file|recent|aerial|combination|courtesy),?\s"
    r"|[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4},?\s|\d{1,2} [A-Z][a-z]+ \d{4},?\s)*"
    r"(?:photo(?:graph)?|image|picture|frame grab|video grab)s?\b"
)
# "… at a market in Quito, May 4, 2018. © Reuters / Ana Ortiz"
_COPYRIGHT_CREDIT = re.compile(r"©\s*(?P<credit>[A-Z][\w.&’'-]*(?: [A-Z][\w.&’'-]*){0,2})")
_YEAR = re.compile(r"\d{4}")
_PLACED_AND_DATED = re.compile(
    r"\b(?:in|at|near|outside)\s+[A-Z][^,.;]{1,40},\s*(?:[A-Z][^,.;]{1,40},\s*)?"
    r"(?:on\s+)?(?:[A-Z][a-z]+day,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}},\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"
)


def credit_of(text: str) -> str | None:
    """The agency or desk credited at the end of a caption-like block, if any."""
    tail = text.strip()[-160:]
    end = tail[-20:].lower()
    if "file" in end or "handout" in end or "pool" in end:
        tail = _FILE_WORDS.sub("", tail)
    # the cheap tests first: every block of every page comes through here
    match = _CREDIT_TAIL.search(tail) if "/" in tail or "|" in tail else None
    if match is None and len(text.split()) <= _BARE_CREDIT_MAX_WORDS:
        # a short block, then an agency's name: a photo credit; after a longer paragraph
        # the same name is more often a wire sign-off ("… before the vote on Monday. PTI")
        match = _BARE_CREDIT.search(tail)
    if not match:
        return None
    credit = match.group("credit")
    if credit.lower() in wire_agencies() or _DESK_WORDS.search(credit):
        return credit
    return None


def is_caption(text: str) -> bool:
    """True when the block reads as a photo caption or a credit line."""
    text = text.strip()
    if not text or len(text) > 700:
        return False
    if credit_of(text) is not None or _IN_THIS_PHOTO.match(text):
        return True
    if "©" in text:
        tail = _COPYRIGHT_CREDIT.search(text[-80:])
        if tail and tail.group("credit").split()[0].lower() in wire_agencies():
            return True
    return _YEAR.search(text) is not None and _PLACED_AND_DATED.search(text) is not None
