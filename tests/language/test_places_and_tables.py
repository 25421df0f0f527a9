"""The shipped gazetteer and actor tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.language import places
from storyline.language.places import gazetteer
from storyline.language.tables import CAPITAL, COUNTRY, DEMONYM, ORG, SEAT, load_tables


@pytest.mark.parametrize(
    ("name", "expected", "country"),
    [
        ("Gandja", "Ganja", "AZE"),  # a variant of the gazetteer's alternate names
        ("Stepanakert", "Khankendi", "AZE"),  # listed under its Azerbaijani name
        ("Kiev", "Kyiv", "UKR"),
        ("Geneva", "Geneva", "CHE"),  # the big one, not Geneva, Illinois
        ("Nagorno-Karabakh", "Nagorno-Karabakh", "AZE"),  # a curated region
        ("the Gaza Strip", "Gaza Strip", "PSE"),
        ("Crimea", "Crimea", "UKR"),
        ("Texas", "Texas", "USA"),
        ("Athens", "Athens", "GRC"),
    ],
)
def test_gazetteer_lookups(name: str, expected: str, country: str) -> None:
    place = gazetteer().lookup(name)
    assert place is not None, name
    assert (place.name, place.country) == (expected, country)
    assert place.lat is not None and place.lon is not None


def test_context_prefers_the_article_country_only_among_comparable_places() -> None:
    assert gazetteer().lookup("Geneva", {"USA"}).country == "CHE"  # type: ignore[union-attr]
    assert gazetteer().lookup("Paris", {"USA"}).country == "FRA"  # type: ignore[union-attr]


def test_capital_is_the_city_not_the_state_namesake() -> None:
    capital = gazetteer().capital("USA")
    assert capital is not None and capital.name == "Washington" and capital.lon < -76


def test_surnames_are_not_big_places() -> None:
    for name in ("Lavrov", "Peskov", "Putin", "Bayramov", "Zakharova"):
        assert not gazetteer().is_known_place(name), name


def test_every_country_has_iso_codes_names_and_most_have_capitals_and_demonyms() -> None:
    tables = load_tables()
    assert len(tables.countries) >= 249
    for country in tables.countries.values():
        assert len(country.iso3) == 3 and len(country.iso2) == 2 and country.names
    big = [c for c in tables.countries.values() if c.population > 1_000_000]
    assert all(c.capital for c in big)
    missing = [c.iso3 for c in big if not c.demonyms]
    assert missing == []


@pytest.mark.parametrize(
    ("form", "kind", "ref"),
    [
        ("Baku", CAPITAL, "AZE"),
        ("Azeri", DEMONYM, "AZE"),
        ("Armenians", DEMONYM, "ARM"),
        ("the Kremlin", SEAT, "RUS"),
        ("the Elysee", SEAT, "FRA"),
        ("Downing Street", SEAT, "GBR"),
        ("Minsk Group", ORG, "OSCE-MG"),
        ("North Atlantic Treaty Organization", ORG, "NATO"),
        ("Turkey", COUNTRY, "TUR"),
        ("Türkiye", COUNTRY, "TUR"),
        ("South Korea", COUNTRY, "KOR"),
    ],
)
def test_actor_phrases(form: str, kind: str, ref: str) -> None:
    phrase = load_tables().phrases[form]
    assert (phrase.kind, phrase.ref) == (kind, ref)


def test_acronyms_are_exact_case() -> None:
    tables = load_tables()
    assert tables.exact_phrases["WHO"].ref == "WHO"
    assert "WHO" not in tables.phrases and "who" not in tables.phrases


def test_city_index_is_cached_as_plain_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = places.CityIndex(
        ([146970], ["Khankendi"], ["AZ"], [39.8177], [46.7528], [2100]),
        {"khankendi": (0,), "stepanakert": (0,)},
    )
    monkeypatch.setenv("STORYLINE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(places, "_build_city_index", lambda: built)
    first = places._city_index()
    assert list(tmp_path.glob("cities*.marshal"))

    def no_rebuild() -> places.CityIndex:
        raise AssertionError("the cached index should have been read")

    monkeypatch.setattr(places, "_build_city_index", no_rebuild)
    second = places._city_index()
    assert second.get("stepanakert") == first.get("stepanakert")
    assert second.get("stepanakert")[0].name == "Khankendi"
    assert second.get("nowhere") == ()
    # A corrupt cache file is rebuilt, not fatal.
    next(tmp_path.glob("cities*.marshal")).write_bytes(b"not marshal data")
    monkeypatch.setattr(places, "_build_city_index", lambda: built)
    assert places._city_index().get("khankendi")[0].geonameid == 146970
