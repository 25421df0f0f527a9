"""The SemEval-2015 TimeLine scorer on hand-written timelines, and the eval task end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_path
from storyline.evaluation import EvalOptions
from storyline.evaluation.timeline import (
    Entry,
    Timeline,
    anchor_node,
    evaluate,
    order_lines,
    parse_timeline,
    score_timeline,
    score_timelines,
    target_aliases,
    timeline_graph,
)

GOLD = """Harbor Line Ferries
0\tXXXX-XX-XX\t20-6-criticised
1\t1998-XX-XX\t20-9-founded
2\t2019-05-XX\t21-3-strike\t22-2-walkout
3\t2019-05-14\t21-2-cancelled
3\t2019-05-14\t21-4-stranded
4\t2019-05-20\t22-5-resumed
"""


def test_a_timeline_scores_one_against_itself() -> None:
    gold = parse_timeline(GOLD)
    counts = score_timeline(gold, gold)
    assert counts.precision == counts.recall == counts.f1 == 1.0
    # reduced gold graph: each dated mention SIMULTANEOUS with its anchor (6; the same-order
    # SIMULTANEOUS then follow), one BEFORE per pair of consecutive orders (3); the order-0
    # line with no date states nothing
    assert counts.gold_reduced == 6 + 3


def test_graph_relations_follow_the_task_definition() -> None:
    graph = timeline_graph(parse_timeline(GOLD))
    assert graph.holds(("<", "20-9-founded", "22-5-resumed"))  # by transitivity
    assert graph.holds(("=", "21-2-cancelled", "21-4-stranded"))
    assert graph.holds(("=", "22-2-walkout", anchor_node("2019-05-XX")))
    assert graph.holds(("<", "20-9-founded", anchor_node("2019-05-14")))  # through the events
    assert not graph.holds(("<", "22-5-resumed", "20-9-founded"))
    assert not graph.holds(("<", "20-6-criticised", "20-9-founded"))  # order 0: unordered
    assert not graph.holds(("=", "21-2-cancelled", anchor_node("2019-05-20")))
    assert not graph.holds(("=", "20-6-criticised", anchor_node("XXXX-XX-XX")))  # no anchor


def test_f1_of_a_small_system_timeline_computed_by_hand() -> None:
    system = parse_timeline(
        "Harbor Line Ferries\n"
        "1\t1998-XX-XX\t20-9-founded\n"
        "2\t2019-05-14\t21-2-cancelled\t22-2-walkout\n"  # the walkout: wrong day
        "3\t2019-05-20\t22-5-resumed\n"
    )
    counts = score_timeline(system, parse_timeline(GOLD))
    # system reduced: founded=1998 ok, cancelled=05-14 ok, walkout=05-14 wrong (gold: May),
    # resumed=05-20 ok, founded<cancelled ok, cancelled<resumed ok (cancelled=walkout and the
    # other BEFOREs follow from these)
    assert (counts.system_correct, counts.system_reduced) == (5, 6)
    # gold reduced: founded, strike, walkout, cancelled, stranded, resumed = their anchors;
    # founded<strike, strike<cancelled, cancelled<resumed; the system has founded, cancelled,
    # resumed anchored right and cancelled<resumed
    assert (counts.gold_found, counts.gold_reduced) == (4, 9)
    assert counts.f1 == pytest.approx(40 / 69)  # 2 * 5/6 * 4/9 / (5/6 + 4/9)


def test_two_orders_on_one_day_conflict_with_their_anchor_and_still_count() -> None:
    # each mention is SIMULTANEOUS with the day, so "a before b" contradicts the graph: it is
    # not added, but stays in the reduced graph and is found only where stated
    gold = parse_timeline("E\n1\t2020-01-01\t1-1-a\n2\t2020-01-01\t1-2-b\n")
    assert score_timeline(gold, gold).f1 == 1.0
    together = parse_timeline("E\n1\t2020-01-01\t1-1-a\t1-2-b\n")
    counts = score_timeline(together, gold)
    assert (counts.system_correct, counts.system_reduced) == (2, 2)
    assert (counts.gold_found, counts.gold_reduced) == (2, 3)
    assert counts.f1 == pytest.approx(0.8)


def test_wrong_order_and_dates_cost_precision_and_missing_entries_cost_recall() -> None:
    gold = parse_timeline(GOLD)
    swapped = Timeline(
        "Harbor Line Ferries",
        [
            Entry(1, "1998-XX-XX", ["20-9-founded"]),
            Entry(2, "2019-05-20", ["22-5-resumed"]),  # wrong: after the cancellation
            Entry(3, "2019-05-14", ["21-2-cancelled"]),
        ],
    )
    counts = score_timeline(swapped, gold)
    assert 0 < counts.precision < 1 and 0 < counts.recall < 1
    # the system's reduced relations: 3 anchors + 2 BEFORE; all but resumed<cancelled hold
    assert (counts.system_reduced, counts.system_correct) == (5, 4)
    empty = score_timeline(Timeline("Harbor Line Ferries"), gold)
    assert empty.recall == 0.0 and empty.system_reduced == 0


def test_micro_average_sums_counts_over_targets() -> None:
    gold = {"a": parse_timeline(GOLD), "b": parse_timeline("B\n1\t2020-01-01\t1-1-x\n")}
    system = {"a": parse_timeline(GOLD)}  # nothing for b
    counts = score_timelines(system, gold)
    assert counts.gold_reduced == 9 + 1 and counts.gold_found == 9
    assert counts.precision == 1.0 and counts.recall == pytest.approx(0.9)


def test_order_lines_dates_same_day_together_and_months_before_their_days() -> None:
    timeline = order_lines(
        "X",
        [
            ("2019-05-14", ["21-2-cancelled"]),
            ("2019-05-XX", ["21-3-strike"]),
            ("XXXX-XX-XX", ["20-6-criticised"]),
            ("2019-05-14", ["21-4-stranded"]),
        ],
    )
    assert [(e.order, e.date) for e in timeline.entries] == [
        (0, "XXXX-XX-XX"),
        (1, "2019-05-XX"),
        (2, "2019-05-14"),
        (2, "2019-05-14"),
    ]
    assert parse_timeline(timeline.lines()).entries == timeline.entries


def test_target_aliases() -> None:
    assert "jobs" in target_aliases("Steve Jobs")
    assert "apple corps" in target_aliases("Beatles Apple Corps")
    assert "itunes" in target_aliases("iTunes store")
    assert "iphone" not in target_aliases("iPhone 4")


def test_eval_on_the_shared_trial_set_scores_gold_as_perfect_and_runs_the_system(
    tmp_path: Path,
) -> None:
    folder = shared_path("eval", "semeval2015_task4_timeline")
    gold = evaluate(folder, EvalOptions(extra={"predictions": str(folder / "timelines")}))
    assert gold["timeline_f1"] > 0.99
    metrics = evaluate(folder, EvalOptions(limit=1, extra={"write": str(tmp_path)}))
    assert metrics["targets"] == 1 and 0.0 <= metrics["timeline_f1"] <= 1.0
    assert list(tmp_path.glob("*.txt"))


DOC = """<?xml version='1.0' encoding='utf-8'?>
<TimeML><DOCID>{doc_id}</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" type="DATE" value="{dct}">{dct}</TIMEX3></DCT>
<EXTRAINFO>{title}</EXTRAINFO>
<TEXT>{sentences}</TEXT>
</TimeML>
"""


def _write_set(root: Path) -> Path:
    docs = {
        "501": (
            "2019-05-15",
            [
                "Harbor Line Ferries cancels crossings",
                "May 15 , 2019",
                "Harbor Line Ferries cancelled all crossings on Tuesday after crews walked out .",
                "The company was founded in 1998 by two brothers .",
                "Harbor Line Ferries expects to resume service next week .",
            ],
        ),
        "503": (
            "2019-05-21",
            [
                "Ferry service returns",
                "May 21 , 2019",
                "Harbor Line Ferries resumed crossings on Monday .",
                "The ferries are slated for a launch on June 1 .",
                "The original ferries were built in 1998 .",
                "During the launch , it will carry 300 passengers an hour .",
            ],
        ),
        "502": (
            "2021-03-04",
            [
                "Port director steps down",
                "March 4 , 2021",
                "Port director Maria Okafor stepped down on Wednesday .",
                "She gave a farewell speech to the harbour staff .",
                "Okafor 's car was parked outside the terminal .",
                "Her deputy Tom Reyes said he would take over .",
                "Maria thanked the crews .",
            ],
        ),
    }
    (root / "docs").mkdir(parents=True)
    rows = ["doc_id\tcorpus\tdct\ttitle\tn_sentences"]
    for doc_id, (dct, sentences) in docs.items():
        body = "".join(f'<s id="{n}">{s}</s>' for n, s in enumerate(sentences))
        (root / "docs" / f"{doc_id}.xml").write_text(
            DOC.format(doc_id=doc_id, dct=dct, title=sentences[0], sentences=body), "utf-8"
        )
        rows.append(f"{doc_id}\ttest\t{dct}\t{sentences[0]}\t{len(sentences)}")
    (root / "docs.tsv").write_text("\n".join(rows) + "\n", "utf-8")
    (root / "target_entities.txt").write_text(
        "Harbor Line Ferries\tharbor\ttest\nMaria Okafor\tokafor\ttest\n", "utf-8"
    )
    (root / "timelines").mkdir()
    (root / "timelines" / "harbor.txt").write_text(
        "Harbor Line Ferries\n1\t2019-05-14\t501-2-cancelled\n2\t2019-05-15\t501-4-expects\n",
        "utf-8",
    )
    (root / "timelines" / "okafor.txt").write_text(
        "Maria Okafor\n1\t2021-03-03\t502-2-stepped_down\t502-3-speech\n", "utf-8"
    )
    return root


def test_the_system_dates_and_orders_the_target_s_acts(tmp_path: Path) -> None:
    folder = _write_set(tmp_path / "set")
    metrics = evaluate(folder, EvalOptions(extra={"write": str(tmp_path / "out")}))
    written = parse_timeline((tmp_path / "out" / "harbor.txt").read_text("utf-8"))
    dates = {m: e.date for e in written.entries for m in e.mentions}
    assert dates.get("501-2-cancelled") == "2019-05-14"  # "on Tuesday" before a Wednesday
    assert dates.get("501-4-expects") == "2019-05-15"  # present tense: the publication day
    gold = parse_timeline((folder / "timelines" / "harbor.txt").read_text("utf-8"))
    assert metrics["targets"] == 2
    # "resume ... next week" is an extra line, not in gold
    assert score_timeline(written, gold).recall == 1.0


def test_the_system_finds_a_person_s_acts_by_pronoun_first_name_and_event_noun(
    tmp_path: Path,
) -> None:
    folder = _write_set(tmp_path / "set")
    evaluate(folder, EvalOptions(extra={"write": str(tmp_path / "out")}))
    written = parse_timeline((tmp_path / "out" / "okafor.txt").read_text("utf-8"))
    dates = {m: e.date for e in written.entries for m in e.mentions}
    assert dates.get("502-2-stepped_down") == "2021-03-03"  # phrasal verb, "on Wednesday"
    assert dates.get("502-3-speech") == "2021-03-03"  # "She gave a ... speech": the speech
    assert "502-3-gave" not in dates  # a light verb gives way to its event noun
    assert "502-6-thanked" in dates  # the first name alone
    assert "502-4-parked" not in dates  # her car was parked, not her
    assert "502-5-take_over" not in dates  # "he": the deputy named last


def test_the_system_follows_a_thing_by_a_definite_description_and_dates_its_event_noun(
    tmp_path: Path,
) -> None:
    folder = _write_set(tmp_path / "set")
    evaluate(folder, EvalOptions(extra={"write": str(tmp_path / "out")}))
    written = parse_timeline((tmp_path / "out" / "harbor.txt").read_text("utf-8"))
    dates = {m: e.date for e in written.entries for m in e.mentions}
    assert dates.get("503-2-resumed") == "2019-05-20"  # "on Monday" before a Tuesday
    assert "503-3-slated" in dates  # "the ferries": Harbor Line Ferries
    assert dates.get("503-3-launch") == "2019-06-01"  # the event noun "slated for"
    assert "503-4-built" not in dates  # "the original ferries" are other ones
    assert dates.get("503-5-carry") == "XXXX-XX-XX"  # "it": the ferries; a future act
    assert "503-5-launch" not in dates  # "during the launch" frames the act
