"""Which outlet published an article, and on what evidence.

In order of trust: the reader's metadata (site name), the URL's host (named through
`resources/clean/outlets.csv` when the table knows it), then what the page says about itself in
its own furniture: a copyright line ("© 2021 The Lakeside Herald Company"), an appeal
("Back The Harbour Courier!", "our reporters at The Harbour Courier"), a newsletter or follow box
("Sign up for the morning briefing from ValleyPost."), a disclaimer ("… are the author's own,
not those of Radio Meridian"). A news agency named in the text ("told Reuters", "© Associated
Press" under wire copy) is a source or a credit, not the outlet, and a bare "told Sputnik" can be
either: neither decides the outlet, but both are recorded in `outlet_evidence`.
Without evidence the outlet stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlparse

from storyline.clean.lexicon import OutletSignature, outlet_signatures, wire_agencies
from storyline.model import Article

_TOKEN = r"[A-Z](?:[\w&’'-]|\.(?=\w))*"
_NAME = rf"(?P<name>(?:The |the )?{_TOKEN}(?:\s(?:{_TOKEN}|of|de|du|and|&)){{0,5}})"
# (pattern, strength, what it is); the name group is the outlet's own name for itself.
_SELF_REFERENCES: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (
        re.compile(
            rf"(?:©|\([cC]\)|[Cc]opyright)\s*(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?,?\s*)?{_NAME}"
        ),
        3,
        "copyright line",
    ),
    (
        re.compile(rf"^(?:[Ss]upport|[Dd]onate to|[Ss]ubscribe to)\s+{_NAME}\s*[!.]?$"),
        3,
        "appeal line",
    ),
    (
        re.compile(rf"\b(?:journalists|editors|reporters|team|staff|newsroom) (?:of|at) {_NAME}"),
        3,
        "appeal",
    ),
    (
        re.compile(rf"\b(?:updates|news|stories|headlines|newsletters?|alerts) from {_NAME}"),
        2,
        "newsletter line",
    ),
    (
        re.compile(
            rf"\b(?:[Ss]ubscribe to|[Ss]ign up (?:for|to)|[Gg]et) (?:the )?{_NAME}(?:’s|'s)? "
            r"(?:(?:morning|evening|daily|weekly|weekend|breaking[- ]news) )?"
            r"(?:newsletters?|briefings?|bulletins?|digest|round-?up|e-?mails?|daily|weekly)\b"
        ),
        2,
        "newsletter line",
    ),
    (
        re.compile(
            rf"\bnot necessarily (?:reflect|represent) (?:those|the (?:views|position)) of {_NAME}"
        ),
        2,
        "disclaimer",
    ),
    (
        re.compile(rf"\b[Ff]ollow {_NAME} on (?:[Tt]witter|[Ff]acebook|[Ii]nstagram|[Tt]elegram)"),
        1,
        "follow line",
    ),
)
_ALSO_ON = re.compile(r"\balso on (?P<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})\b", re.I)
_QUOTED_TO = re.compile(
    r"\b(?:told|confirmed to|said to|according to|in an interview with|speaking to)\s+"
    r"(?P<name>(?:the )?[A-Z][\w-]*(?:\s[A-Z][\w-]*){0,3})"
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TRAILING = re.compile(r"[\s.,;:!?'’\"-]+$")
_COMPANY_TAIL = re.compile(r"\s+(?:Company|Co\.?|Inc\.?|LLC|Ltd\.?|Group|Corporation|GmbH|S\.A\.)$")


@dataclass(frozen=True)
class OutletGuess:
    name: str | None
    evidence: str


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower().removeprefix("the "))


def _signature_for(name: str) -> OutletSignature | None:
    wanted = _key(name)
    for signature in outlet_signatures():
        names = (signature.name, *signature.aliases)
        if any(_key(n) == wanted for n in names) or any(
            _key(d.split(".")[0]) == wanted for d in signature.domains
        ):
            return signature
    return None


def _by_host(host: str) -> OutletSignature | None:
    host = host.lower().removeprefix("www.")
    for signature in outlet_signatures():
        for domain in signature.domains:
            if host == domain or host.endswith("." + domain):
                return signature
    return None


def _canonical(raw: str) -> str:
    """A name as the outlet writes it, known outlets under their table name."""
    name = _TRAILING.sub("", raw.strip())
    name = _COMPANY_TAIL.sub("", name)
    signature = _signature_for(name)
    if signature is not None:
        return signature.name
    if " " not in name and _CAMEL.search(name):
        name = _CAMEL.sub(" ", name)  # "MassisPost" in a newsletter box is "Massis Post"
    return name


def _is_agency(name: str) -> bool:
    agencies = wire_agencies()
    key = name.lower().removeprefix("the ")
    return key in agencies or name.lower() in agencies


def from_url(url: str | None) -> OutletGuess | None:
    if not url:
        return None
    host = urlparse(url).hostname
    if not host:
        return None
    signature = _by_host(host)
    if signature is not None:
        return OutletGuess(signature.name, f"url host {host}")
    return OutletGuess(host.removeprefix("www."), f"url host {host} (not in the outlet table)")


def from_text(blocks: list[tuple[str, str]], body: str) -> OutletGuess:
    """The outlet the page names as itself; `blocks` are (kind, text) of removed furniture."""
    found: list[tuple[int, str, str]] = []
    credits: list[str] = []
    for kind, text in blocks:
        if kind == "caption":
            continue
        for pattern, strength, what in _SELF_REFERENCES:
            for match in pattern.finditer(text):
                name = _canonical(match.group("name"))
                if len(name) < 2 or name.lower() in {"the", "us", "our"}:
                    continue
                if _is_agency(name):
                    credits.append(
                        f"{what} credits {name} (a news agency: wire copy, not the outlet)"
                    )
                    continue
                found.append((strength, name, f"{what} ({kind}): {text.strip()[:120]!r}"))
        for match in _ALSO_ON.finditer(text):
            signature = _by_host(match.group("domain"))
            if signature is not None:
                found.append(
                    (2, signature.name, f"self-promotion ({kind}): {text.strip()[:120]!r}")
                )
    quoted = sorted({_canonical(m.group("name")) for m in _QUOTED_TO.finditer(body)})
    quoted_agencies = [q for q in quoted if _is_agency(q) or _signature_for(q) is not None]
    notes = list(dict.fromkeys(credits))
    if quoted_agencies:
        notes.append(
            "the text names "
            + ", ".join(quoted_agencies)
            + " only as a recipient or source of statements ('told X'), which wire copy"
            " carried by any outlet also says: not used"
        )
    if found:
        best = max(s for s, _, _ in found)
        names = list(dict.fromkeys(n for s, n, _ in found if s == best))
        if len(names) == 1:
            evidence = "; ".join(e for s, n, e in found if n == names[0])
            return OutletGuess(names[0], "text: " + "; ".join([evidence, *notes]))
        notes.insert(0, "conflicting self-references: " + ", ".join(names))
    if not notes:
        notes.append("no metadata, URL or self-reference names the outlet")
    return OutletGuess(None, "not revealed: " + "; ".join(notes))


def infer_outlet(article: Article) -> OutletGuess:
    if article.outlet:
        return OutletGuess(article.outlet, article.outlet_evidence or "metadata (site name)")
    host = urlparse(article.url).hostname if article.url else None
    if host and _by_host(host) is not None:
        return from_url(article.url) or OutletGuess(None, "")
    guess = from_text([(r.kind, r.text) for r in article.removed], article.text)
    if guess.name is None and host:
        return from_url(article.url) or guess
    return guess
