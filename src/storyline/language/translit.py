"""Spelling keys: one key for the spellings of a name that transliteration and typing vary.

"Mnatsakanyan" and "Mnatsakanian", "Naghdalyan" and "Nagdalyan", "Sergei" and "Sergey",
"Dmitry" and "Dmitri" get the same `translit_key`. The key is only ever compared with other
keys (and with rapidfuzz for typos); it is not a spelling to show.
"""

from __future__ import annotations

import re
import unicodedata

# Order matters: digraphs before the single letters they contain.
_RULES: tuple[tuple[str, str], ...] = (
    ("dzh", "j"),
    ("tch", "ch"),
    ("shch", "sh"),
    ("kh", "h"),
    ("gh", "g"),
    ("zh", "j"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("q", "k"),
    ("w", "v"),
    ("x", "ks"),
    ("y", "i"),
    ("ie", "i"),
    ("ei", "i"),
    ("ou", "u"),
)
_NON_LETTERS = re.compile(r"[^a-z0-9 ]+")
_REPEATS = re.compile(r"(.)\1+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, accents removed, apostrophes and dashes gone: 'Élysée' -> 'elysee'."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold().replace("ı", "i").replace("ə", "e")


# ASCII punctuation to spaces and letters lower-cased, in one `str.translate`.
_ASCII_KEY = str.maketrans(
    {c: " " for c in "!\"#$%()*+,-./:;<=>?@[\\]^_`{|}~'"}
    | {c: c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
)
_NOT_WORD = re.compile(r"[^\w&]+")


def surface_key(text: str) -> str:
    """Folded text with punctuation as spaces: "Côte d'Ivoire" -> "cote d ivoire".

    The key of the actor and place tables; fast for plain ASCII (most of the gazetteer).
    """
    if text.isascii():
        return " ".join(text.translate(_ASCII_KEY).split())
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def translit_key(text: str) -> str:
    """A key shared by the usual romanisations of one name (see the module docstring)."""
    key = _NON_LETTERS.sub(" ", fold(text))
    for old, new in _RULES:
        key = key.replace(old, new)
    key = _REPEATS.sub(r"\1", key)
    return _SPACES.sub(" ", key).strip()
