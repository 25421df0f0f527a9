"""Figures disagree per quantity: one entry however many claimants, never by unit alone."""

from __future__ import annotations

from storyline.model import Article, Claim, Entity, Mention
from storyline.stories.disagreements import claim_disagreements

TEXT = "Officials gave their figures for the spill on Tuesday, and each outlet reported them."


def _article(outlet: str) -> Article:
    return Article.create(source=f"{outlet}.txt", text=f"{TEXT} ({outlet})", outlet=outlet)


def _claim(article: Article, n: int, subject: str, value: int, unit: str, who: str) -> Claim:
    mention = Mention(article.id, TEXT, 0, len(TEXT))
    return Claim(f"{article.id}-c{n}", subject, value, unit, who, "2026-03-04", [mention])


ENTITIES = [
    Entity("BGR", "Bulgaria", "country"),
    Entity("ROU", "Romania", "country"),
    Entity("org:eu", "European Commission", "organisation"),
]


def test_four_claimants_on_one_quantity_make_one_disagreement() -> None:
    a, b, c = _article("Danube Wire"), _article("Balkan Ledger"), _article("EuroDesk Daily")
    claims = [
        _claim(a, 1, "tonnes of solution escaped", 40, "tonne", "BGR"),
        _claim(b, 1, "tonnes escaped", 120, "tonne", "ROU"),
        _claim(c, 1, "tonnes of solution escaped", 90, "tonne", "org:eu"),
        _claim(c, 2, "tonnes escaped", 38, "tonne", "outlet:EuroDesk Daily"),
    ]
    (found,) = claim_disagreements(claims, [a, b, c], ENTITIES)
    assert sorted(found.claim_ids) == sorted(claim.id for claim in claims)
    for name, figure in [("Bulgaria", "40"), ("Romania", "120"), ("European Commission", "90")]:
        assert f"{name} says {figure}" in found.explanation


def test_the_unit_alone_does_not_make_two_figures_one_quantity() -> None:
    a, b = _article("Danube Wire"), _article("Balkan Ledger")
    stretch = _claim(a, 1, "km", 25, "km", "ROU")  # a 25 km stretch of river bank
    border = _claim(b, 1, "km share", 470, "km", "BGR")  # a 470 km shared border
    assert claim_disagreements([stretch, border], [a, b], ENTITIES) == []
