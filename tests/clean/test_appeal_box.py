"""An appeal box at the end of an article takes the plea paragraph set between its own lines;
an appeal slot in mid-article still leaves the reporting after it in the body."""

from __future__ import annotations

from storyline.clean.boilerplate import clean

REPORT = [
    "The river authority in Osterholm closed the lower locks on Tuesday after the water rose "
    "more than two metres above its seasonal average, officials said.",
    "Barges carrying grain to the coast were held at the upper basin, and the authority said "
    "the locks would stay shut until the level fell below the warning mark.",
    "Farmers downstream reported flooded fields along a twelve-kilometre stretch of the valley, "
    "and the regional council opened two shelters in school gymnasiums.",
    "The council said it would ask the national government for emergency funds on Thursday "
    "once engineers had inspected the embankments near the old mill.",
]
PLEA = (
    "As many of you know, the Osterholm Courier has reported on this valley for more than forty "
    "years, and the closure of our printing plant last spring has put that work at risk for "
    "every reader who relies on it."
)


def test_a_plea_paragraph_between_the_appeal_lines_goes_with_the_box() -> None:
    text = "\n\n".join(
        [
            *REPORT,
            "… before you go, we have a small favor to ask.",
            PLEA,
            "Your support, however small, keeps our reporters on the river. Please support us "
            "monthly from just 3 euros.",
            "Read more",
        ]
    )
    result = clean(text)
    assert all(paragraph in result.text for paragraph in REPORT)
    assert "Osterholm Courier" not in result.text
    assert any(r.kind == "appeal" and "Osterholm Courier" in r.text for r in result.removed)


def test_reporting_after_an_appeal_slot_mid_article_stays() -> None:
    text = "\n\n".join(
        [
            REPORT[0],
            REPORT[1],
            "… before you go, we have a small favor to ask.",
            REPORT[2],
            REPORT[3],
        ]
    )
    result = clean(text)
    assert all(paragraph in result.text for paragraph in REPORT)
    assert any(r.kind == "appeal" for r in result.removed)
