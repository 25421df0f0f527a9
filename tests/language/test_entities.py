"""The entity layer on news texts written for these tests: mentions, actors, roles, merging."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES
from storyline.cli import app
from storyline.evaluation import EvalOptions
from storyline.evaluation.entities import bcubed, bench, evaluate
from storyline.ingest import read_inputs
from storyline.language.entities import EntityIndex, resolve_entities
from storyline.language.mentions import find_mentions
from storyline.language.nlp import get_nlp
from storyline.language.stage import STAGE_NAME, annotate_many
from storyline.language.translit import surface_key, translit_key
from storyline.model import Article, Entity, EntityMention
from storyline.pipeline import build_pipeline
from storyline.settings import load_settings

DATA = FIXTURES / "language"
ARTICLES = DATA / "articles"


def mentions_of(text: str) -> list[EntityMention]:
    return find_mentions(get_nlp()(text))


def one(mentions: list[EntityMention], text: str) -> EntityMention:
    found = [m for m in mentions if m.text == text]
    assert len(found) == 1, f"{text!r} in {[m.text for m in mentions]}"
    return found[0]


@pytest.fixture(scope="module")
def central_asia() -> tuple[list[Article], EntityIndex]:
    """The fixture articles (a wire story, a blog post with comments, a short report and a
    news portal page in HTML) as the readers give them, through the language stage."""
    read = [a for a in read_inputs([str(ARTICLES)]) if isinstance(a, Article)]
    assert len(read) == 4
    articles = list(annotate_many(read))
    return articles, resolve_entities(articles)


def entity_named(index: EntityIndex, name: str) -> Entity:
    found = [e for e in index.entities if e.name == name]
    assert len(found) == 1, f"{name!r}: {[(e.id, e.name) for e in index.entities]}"
    return found[0]


def entities_with_alias(index: EntityIndex, form: str) -> list[Entity]:
    return [e for e in index.entities if form == e.name or form in e.aliases]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mnatsakanyan", "Mnatsakanian"),  # -yan / -ian
        ("Naghdalyan", "Nagdalyan"),  # gh / g
        ("Sergei", "Sergey"),  # -ei / -ey
        ("Dmitry", "Dmitri"),
        ("Zakharova", "Zaharova"),  # kh / h
        ("Abdrakhmanov", "Abdrakhmanow"),  # v / w (German transliteration)
        ("Aliyev", "Aliev"),
        ("Tashiev", "Tashiyev"),
    ],
)
def test_transliteration_variants_share_a_key(a: str, b: str) -> None:
    assert translit_key(a) == translit_key(b)


def test_different_names_keep_different_keys() -> None:
    assert translit_key("Marat") != translit_key("Murat")
    assert translit_key("Lavrov") != translit_key("Lavrova")
    assert surface_key("Côte d'Ivoire") == "cote d ivoire"


def test_stage_fills_sentences_and_mentions_with_true_offsets() -> None:
    pipeline = build_pipeline(load_settings(), [STAGE_NAME])
    text = (ARTICLES / "central_asia_wire.txt").read_text("utf-8")
    article = pipeline[0](Article.create(source="wire", text=text))
    assert len(article.sentences) >= 6
    for sentence in article.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    assert article.entity_mentions
    for mention in article.entity_mentions:
        assert article.text[mention.start : mention.end] == mention.text
    # Working data: stored with the article, not in brief.json.
    assert "entity_mentions" not in article.to_dict()
    restored = Article.from_dict(article.to_dict(internal=True))
    assert restored.entity_mentions == article.entity_mentions


def test_stage_survives_empty_and_junk_text() -> None:
    articles = list(
        annotate_many(
            [
                Article.create(source="empty", text=""),
                Article.create(source="junk", text="%%%% 12 comments | Reply | Share ||| ...."),
            ]
        )
    )
    assert articles[0].entity_mentions == [] and articles[0].sentences == []
    too_long = Article.create(source="huge", text="Baku said so. " * 80_000)
    assert annotate_many([too_long]).__next__().entity_mentions == []
    assert resolve_entities(articles).entities == [] or all(
        e.mention_count > 0 for e in resolve_entities(articles).entities
    )


def test_capitals_stand_for_the_state_unless_they_are_the_place() -> None:
    mentions = mentions_of(
        "Beijing said on Tuesday it would retaliate, while the talks in Beijing were suspended. "
        "The White House and Downing Street declined to comment."
    )
    said = [m for m in mentions if m.text == "Beijing"]
    assert [m.actor for m in said] == ["CHN", None]
    assert said[1].place is not None and said[1].country == "CHN" and said[1].lat is not None
    assert one(mentions, "The White House").actor == "USA"
    assert one(mentions, "Downing Street").actor == "GBR"


def test_demonyms_and_short_forms_map_to_the_state() -> None:
    mentions = mentions_of(
        "Azeri and Armenian troops exchanged fire, the U.S. embassy said, and the Kyrgyz side "
        "asked the UN to send observers."
    )
    assert one(mentions, "Azeri").actor == "AZE"
    assert one(mentions, "Armenian").actor == "ARM"
    assert one(mentions, "U.S.").actor == "USA"
    assert one(mentions, "Kyrgyz").actor == "KGZ"
    assert one(mentions, "UN").actor == "UN"


def test_agencies_and_seats_of_institutions() -> None:
    mentions = mentions_of(
        "The IDF said Hamas fighters fired rockets. A Pentagon spokesman, John Kirby, said the "
        "Knesset would vote."
    )
    assert one(mentions, "IDF").actor == "ISR:armed forces"
    assert one(mentions, "Hamas").actor == "HAMAS"
    assert one(mentions, "the Knesset").actor == "ISR:parliament"
    kirby = one(mentions, "John Kirby")
    assert (kirby.country, kirby.role) == ("USA", "defence ministry spokesperson")


def test_acronyms_in_a_line_of_capitals_are_words() -> None:
    mentions = mentions_of("WHO IS NEXT IN LINE FOR THE THRONE? The WHO said on Monday.")
    assert [m.start for m in mentions if m.actor == "WHO"] == [
        len("WHO IS NEXT IN LINE FOR THE THRONE? The ")
    ]


def test_lower_case_words_are_not_countries_or_organisations() -> None:
    mentions = mentions_of("We ate turkey with friends who were chatting about who won.")
    assert all(m.actor is None for m in mentions)


def test_place_list_overrides_person_label_for_cities() -> None:
    mentions = mentions_of("Residents of Ganja said Yerevan had shelled the city overnight.")
    ganja = one(mentions, "Ganja")
    assert ganja.label == "GPE" and ganja.place == "geonames:586523"
    assert one(mentions, "Yerevan").actor == "ARM"


def test_first_names_that_are_capitals_stay_names() -> None:
    mentions = mentions_of("Sofia Coppola attended the premiere in Sofia.")
    assert one(mentions, "Sofia Coppola").actor is None
    assert one(mentions, "Sofia").place == "geonames:727011"


def test_roles_give_a_person_a_country_and_a_role() -> None:
    mentions = mentions_of(
        "Brazilian presidential spokesman Paulo Menezes spoke after Kenyan Vice President Daniel "
        "Ochieng and Chile's President Marta Solis. Ingrid Holm, the Norwegian foreign "
        "ministry's spokeswoman, said Norwegian Foreign Minister Lars Eide would go."
    )
    expected = {
        "Paulo Menezes": ("BRA", "presidential spokesperson"),
        "Daniel Ochieng": ("KEN", "vice president"),
        "Marta Solis": ("CHL", "president"),
        "Ingrid Holm": ("NOR", "foreign ministry spokesperson"),
        "Lars Eide": ("NOR", "foreign minister"),
    }
    for name, (country, role) in expected.items():
        mention = one(mentions, name)
        assert (mention.label, mention.country, mention.role) == ("PERSON", country, role), name


@pytest.mark.parametrize(
    ("text", "name", "country", "role"),
    [
        # "role of X, NAME"
        (
            "The foreign minister of Armenia, Zohrab Mnatsakanyan, flew to Vienna.",
            "Zohrab Mnatsakanyan",
            "ARM",
            "foreign minister",
        ),
        # "NAME, X's role,"
        (
            "Zohrab Mnatsakanyan, Armenia's foreign minister, flew to Vienna.",
            "Zohrab Mnatsakanyan",
            "ARM",
            "foreign minister",
        ),
        # "the spokeswoman for the X ministry, NAME"
        (
            "The spokeswoman for the Russian Foreign Ministry, Maria Zakharova, said so.",
            "Maria Zakharova",
            "RUS",
            "foreign ministry spokesperson",
        ),
        # hyphenated titles; an organisation in the title is no country
        (
            "UN Secretary-General Antonio Guterres urged restraint.",
            "Antonio Guterres",
            None,
            "secretary-general",
        ),
        ("Russian leader Vladimir Putin spoke by phone.", "Vladimir Putin", "RUS", "leader"),
        (
            "U.S. Secretary of State Karen Whitfield will receive them.",
            "Karen Whitfield",
            "USA",
            "secretary of state",
        ),
        (
            "Russian Deputy Foreign Minister Oleg Dronov told reporters on Monday.",
            "Oleg Dronov",
            "RUS",
            "deputy foreign minister",
        ),
    ],
)
def test_role_patterns(text: str, name: str, country: str | None, role: str) -> None:
    mention = one(mentions_of(text), name)
    assert (mention.country, mention.role) == (country, role)
    # A title beside a name is the person's, not a second description.
    assert not [m for m in mentions_of(text) if m.label == "ROLE"]


def test_role_descriptions_without_names() -> None:
    mentions = mentions_of(
        "Russian Foreign Minister Sergei Lavrov called his Azeri and Armenian counterparts. "
        "The Kremlin spokesman said Russia's top diplomat would travel."
    )
    roles = {(m.country, m.role) for m in mentions if m.label == "ROLE"}
    assert roles == {
        ("AZE", "foreign minister"),
        ("ARM", "foreign minister"),
        ("RUS", "presidential spokesperson"),
        ("RUS", "foreign minister"),
    }


def test_counterpart_takes_the_role_from_the_sentence_before() -> None:
    mentions = mentions_of(
        "Indian Foreign Minister Priya Raman met officials on Monday. "
        "She later called her Peruvian counterpart."
    )
    assert [(m.country, m.role) for m in mentions if m.label == "ROLE"] == [
        ("PER", "foreign minister")
    ]


def test_indefinite_descriptions_name_nobody() -> None:
    mentions = mentions_of("A Russian deputy foreign minister said another Turkish minister left.")
    assert not [m for m in mentions if m.label == "ROLE"]


def test_state_institutions_are_their_own_organisations() -> None:
    mentions = mentions_of("The Azerbaijani Foreign Ministry said Russia's defence ministry lied.")
    assert one(mentions, "Azerbaijani Foreign Ministry").actor == "AZE:foreign ministry"
    assert one(mentions, "Russia's defence ministry").actor == "RUS:defence ministry"


def test_misspelt_country_is_still_the_country() -> None:
    mentions = mentions_of("Kazakstan and Aremenia signed the accord.")
    assert one(mentions, "Kazakstan").actor == "KAZ"
    assert one(mentions, "Aremenia").actor == "ARM"


def test_transliterated_names_merge_across_outlets(central_asia: tuple[list, EntityIndex]) -> None:
    _, index = central_asia
    minister = entities_with_alias(index, "Abdrakhmanov")
    assert len(minister) == 1
    assert {"Nurlan Abdrakhmanov", "Nurlan Abdrakhmanow", "Abdrakhmanow"} <= {
        minister[0].name,
        *minister[0].aliases,
    }
    assert (minister[0].country, minister[0].role) == ("KAZ", "foreign minister")
    tashiev = entities_with_alias(index, "Tashiev")
    assert len(tashiev) == 1 and tashiev[0].country == "KGZ"
    assert {"Aibek Tashiev", "Aibek Tashiyev"} <= {tashiev[0].name, *tashiev[0].aliases}


def test_accents_and_romanisations_merge(central_asia: tuple[list, EntityIndex]) -> None:
    _, index = central_asia
    erdogan = entity_named(index, "Recep Tayyip Erdoğan")
    assert "Erdogan" in erdogan.aliases and erdogan.country == "TUR"
    zelensky = entities_with_alias(index, "Zelenskiy")
    assert len(zelensky) == 1 and zelensky[0].name == "Volodymyr Zelenskyy"
    ukraine = entity_named(index, "Ukraine")
    assert {"Kyiv", "Ukrainian"} <= set(ukraine.aliases)
    russia = entity_named(index, "Russia")
    # One alias per case variant: "The Kremlin" at a sentence start is "the Kremlin".
    assert len([a for a in russia.aliases if a.casefold() == "the kremlin"]) == 1


def test_entity_at_maps_a_span_to_its_entity(central_asia: tuple[list, EntityIndex]) -> None:
    articles, index = central_asia
    wire = next(a for a in articles if "Toktogul reservoir" in a.text)
    start = wire.text.index("Tashiev said")
    assert (
        index.entity_at(wire, start, start + len("Tashiev"))
        == entity_named(index, "Aibek Tashiyev").id
    )
    assert index.entity_at(wire, 0, 0) is None


def test_role_descriptions_resolve_to_the_named_holder(
    central_asia: tuple[list, EntityIndex],
) -> None:
    _, index = central_asia
    peskov = entity_named(index, "Dmitry Peskov")
    # The blog never names him with his role; the wire does ("The Kremlin spokesman, Dmitry
    # Peskov"), so "The Kremlin spokesman" of the blog is him.
    assert {"Peskov", "The Kremlin spokesman"} <= set(peskov.aliases)
    assert peskov.country == "RUS"


def test_metonyms_and_typos_merge_into_the_state(central_asia: tuple[list, EntityIndex]) -> None:
    _, index = central_asia
    kazakhstan = entity_named(index, "Kazakhstan")
    assert kazakhstan.kind == "country" and kazakhstan.id == "KAZ"
    assert {"Astana", "Kazakh", "Kazakstan"} <= set(kazakhstan.aliases)
    kyrgyzstan = entity_named(index, "Kyrgyzstan")
    assert {"Bishkek", "Kyrgyz"} <= set(kyrgyzstan.aliases)
    russia = entity_named(index, "Russia")
    assert "Moscow" in russia.aliases
    # "in Bishkek" is the city, a place entity of its own with coordinates.
    city = index.locations["geonames:1528675"]
    assert city.country == "KGZ" and city.lat is not None


def test_people_sharing_a_surname_stay_apart(central_asia: tuple[list, EntityIndex]) -> None:
    _, index = central_asia
    people = [e for e in index.entities if e.kind == "person" and "Tokayev" in e.name]
    assert sorted(e.name for e in people) == ["Kassym-Jomart Tokayev", "Marat Tokayev"]
    assert all("Tokayev" not in e.aliases for e in people)


def test_surname_alone_is_not_guessed_between_two_people() -> None:
    articles = list(
        annotate_many(
            [
                Article.create(
                    source="a",
                    text="Ed Miliband and David Miliband spoke at the conference in Brighton. "
                    "Miliband said the party would win.",
                ),
                Article.create(source="b", text="David Miliband met refugees in Athens."),
            ]
        )
    )
    index = resolve_entities(articles)
    names = sorted(e.name for e in index.entities if e.kind == "person")
    assert "Ed Miliband" in names and "David Miliband" in names
    assert entity_named(index, "Ed Miliband").mention_count == 1
    assert entity_named(index, "David Miliband").mention_count == 2


def test_surname_with_a_particle_alone_joins_the_full_name() -> None:
    articles = list(
        annotate_many(
            [
                Article.create(
                    source="a",
                    text="Qatar's foreign ministry spokesman Majed al-Ansari said talks in Doha "
                    "would resume. Al-Ansari added that both delegations had arrived.",
                )
            ]
        )
    )
    index = resolve_entities(articles)
    ansari = entity_named(index, "Majed al-Ansari")
    assert "Al-Ansari" in ansari.aliases and ansari.country == "QAT"


def test_bcubed() -> None:
    assert bcubed(["a", "a", "b"], ["x", "x", "y"]) == (1.0, 1.0, 1.0)
    precision, recall, _ = bcubed(["a", "a", "b"], ["x", "x", "x"])
    assert recall == 1.0 and precision == pytest.approx(5 / 9)


def test_eval_entities_on_the_meantime_layout() -> None:
    metrics = evaluate(DATA / "cat_layout", EvalOptions())
    assert metrics["docs"] == 2 and metrics["gold_mentions"] == 11
    assert metrics["ner_recall"] == 1.0
    # Novak/Nowak and Brenner/Karl Brenner merge across the two documents.
    assert metrics["bcubed_f1"] > metrics["bcubed_f1_exact_string"]
    assert metrics["bcubed_f1"] >= 0.9


def test_bench_language_reports_the_overhead() -> None:
    metrics = bench(ARTICLES, EvalOptions(extra={"rounds": "1"}))
    assert metrics["docs"] == 4
    assert metrics["spacy_s"] > 0 and metrics["overhead_ratio"] >= 1.0


def test_entities_command_prints_merged_entities(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["entities", str(ARTICLES), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout[result.stdout.index("{") :])
    names = {e["name"] for e in payload["entities"]}
    assert {"Kazakhstan", "Dmitry Peskov", "Marat Tokayev"} <= names
    bad = CliRunner().invoke(app, ["entities", str(ARTICLES), "--format", "xml"])
    assert bad.exit_code == 2


def test_bundled_sample_corpus() -> None:
    """The invented Danube-spill corpus shipped in examples/sample (text and HTML versions)."""
    sample = Path(__file__).resolve().parents[2] / "examples" / "sample" / "text"
    read = [a for a in read_inputs([str(sample)]) if isinstance(a, Article)]
    index = resolve_entities(list(annotate_many(read)))
    danube = entities_with_alias(index, "Danube")
    assert [e.id for e in danube] == ["region:danube"]  # a river, not a surname
    vlad = entities_with_alias(index, "Ionescu-Vlad")  # a double surname alone
    assert len(vlad) == 1 and vlad[0].kind == "person"
    assert entity_named(index, "Bulgaria").kind == "country"
    assert "Sofia" in entity_named(index, "Bulgaria").aliases
