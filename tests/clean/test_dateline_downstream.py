"""A wire dateline that opens the lead stays in the text; the language and events stages read
the lead sentence without it (see `language.stage.parse_text`)."""

from __future__ import annotations

from storyline.clean.stages import CLEANING_STAGES
from storyline.model import Article
from storyline.pipeline import build_pipeline, run_pipeline
from storyline.settings import load_settings

LEAD = (
    "MOSCOW (Reuters) — Russia accused Georgia on Friday of massing troops near the border "
    "of South Ossetia, and said it would respond to any attack on its peacekeepers.\n\n"
    "Georgia denied the charge and said its forces were on routine exercises, a government "
    "spokesman told reporters in Tbilisi.\n"
)
STAGES = [*CLEANING_STAGES, "storyline.language.v1", "storyline.timex.v1", "storyline.events.v1"]


def test_dateline_stays_in_text_but_out_of_the_lead_sentence() -> None:
    article = Article.create(source="wire.txt", text=LEAD, input_format="text")
    (out,) = run_pipeline(build_pipeline(load_settings(), STAGES), [article])
    assert out.dateline == "MOSCOW (Reuters)"
    assert out.text.startswith("MOSCOW (Reuters) — Russia accused Georgia")
    assert not any(r.kind == "dateline" for r in out.removed)
    lead = out.sentences[0]
    assert lead.text.startswith("Russia accused Georgia")
    assert out.text[lead.start : lead.end] == lead.text
    # neither the dateline's place nor its agency is a mention, an actor or a recipient
    assert all(m.start >= lead.start for m in out.entity_mentions)
    accuse = next(e for e in out.events if e.type == "ACCUSE" and e.actors == ["RUS"])
    assert accuse.recipients == ["GEO"]
    assert accuse.mentions[0].sentence.startswith("Russia accused")
    for event in out.events:
        for participant in (*event.actors, *event.recipients):
            assert "moscow" not in participant.lower() and "reuters" not in participant.lower()
