"""Issue 3 on the user's own five scrapes (skipped when ../shared is absent).

The scrapes hold comments, teasers and a donation appeal that the cleaner removes later; the
language layer runs on them raw here, so it must not depend on that.
"""

from __future__ import annotations

import pytest

from conftest import shared_path
from storyline.language.entities import EntityIndex, resolve_entities
from storyline.language.stage import annotate_many
from storyline.model import Article, Entity

# entity name -> spellings (and descriptions) that must all be aliases of that one entity
EXPECTED: dict[str, set[str]] = {
    "Zohrab Mnatsakanyan": {"Mnatsakanyan", "Mnatsakanian", "Zohrab Mnatsakanian"},
    "Jeyhun Bayramov": {"Bayramov"},
    "Sergei Lavrov": {"Lavrov"},
    "Mike Pompeo": {"Pompeo"},
    "Anna Naghdalyan": {"Anna Nagdalyan"},
    "Maria Zakharova": {"Zakharova"},
    "Dmitry Peskov": {"Peskov", "the Kremlin spokesman"},
    "Vladimir Putin": {"Putin"},
    "Ilham Aliyev": set(),
    "Nikol Pashinyan": {"Pashinyan"},
    "Fuat Oktay": {"Oktay"},
    "Sergei Vershinin": {"Vershinin"},
    "Azerbaijan": {"Baku", "Azeri", "Azerbaijani"},
    "Armenia": {"Yerevan", "Armenian", "Aremenia"},
    "Russia": {"Moscow", "the Kremlin", "Russian"},
    "Turkey": {"Ankara", "Turkish"},
    "OSCE Minsk Group": {"Minsk Group", "the OSCE Minsk Group"},
}


@pytest.fixture(scope="module")
def index() -> EntityIndex:
    folder = shared_path("examples", "karabakh")
    paths = sorted(folder.glob("0*.txt"))
    articles = list(
        annotate_many(Article.create(source=p.name, text=p.read_text("utf-8")) for p in paths)
    )
    return resolve_entities(articles)


def _holding(index: EntityIndex, form: str) -> list[Entity]:
    return [e for e in index.entities if e.name == form or form in e.aliases]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_one_entity_with_all_spellings(index: EntityIndex, name: str) -> None:
    named = [e for e in index.entities if e.name == name]
    assert len(named) == 1, f"{name}: {[(e.id, e.name) for e in index.entities]}"
    entity = named[0]
    assert EXPECTED[name] <= set(entity.aliases), (name, entity.aliases)
    for form in {name, *EXPECTED[name]}:
        # A capital is also a city entity where it is the place ("talks in Moscow"); no
        # other person, organisation or state holds any of these spellings.
        others = [e for e in _holding(index, form) if e is not entity and e.kind != "place"]
        assert others == [], f"{form!r} is also in {[e.name for e in others]}"


def test_persons_have_their_country_and_role(index: EntityIndex) -> None:
    by_name = {e.name: e for e in index.entities}
    assert (by_name["Zohrab Mnatsakanyan"].country, by_name["Zohrab Mnatsakanyan"].role) == (
        "ARM",
        "foreign minister",
    )
    assert by_name["Jeyhun Bayramov"].country == "AZE"
    assert by_name["Dmitry Peskov"].role == "presidential spokesperson"
    assert by_name["Sergei Vershinin"].role == "deputy foreign minister"


def test_capitals_as_places_are_cities(index: EntityIndex) -> None:
    moscow = [e for e in index.entities if e.kind == "place" and e.name == "Moscow"]
    assert len(moscow) == 1 and moscow[0].country == "RUS"
    assert index.locations[moscow[0].id].lat is not None
    ganja = [e for e in index.entities if "Gandja" in (e.name, *e.aliases)]
    assert len(ganja) == 1 and ganja[0].country == "AZE"
