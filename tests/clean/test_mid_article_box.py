"""An appeal or sign-up box set mid-article is removed and the reporting after it stays."""

from __future__ import annotations

from storyline.clean.boilerplate import clean

LEAD = (
    "The regional council voted on Thursday to close the Harwick branch line for six months "
    "while engineers replace two bridges that inspectors found badly corroded last autumn.\n\n"
    "Commuters will travel on replacement buses, which the operator said would add about "
    "twenty minutes to the journey into the city at peak times.\n\n"
    '"We had no safe alternative," said council transport chief Mirela Oduya, adding that '
    "the work had been brought forward after a second inspection in January.\n\n"
)
BOX = (
    "Keep local news alive\n"
    "Our reporters cover every council meeting in the valley. Support our work with a "
    "donation today.\n"
    "Donate now\n\n"
)
AFTER = (
    "Passenger groups said the closure came at the worst time of year and asked the operator "
    "to refund season tickets for the months the line is shut, which the operator said it "
    "would consider next week.\n\n"
)
FOOTER = "Share this article\nFacebook | X | Email\n"


def test_reporting_after_a_mid_article_appeal_box_is_kept() -> None:
    result = clean(LEAD + BOX + AFTER + FOOTER)
    assert "Passenger groups said the closure" in result.text
    assert "Keep local news alive" not in result.text
    assert "Donate now" not in result.text
    kinds = {r.text: r.kind for r in result.removed}
    assert kinds["Keep local news alive"] == "appeal"


def test_an_appeal_box_at_the_end_still_closes_the_body() -> None:
    result = clean(LEAD + BOX + FOOTER)
    assert result.text.rstrip().endswith("a second inspection in January.")
    assert "Support our work" not in result.text
