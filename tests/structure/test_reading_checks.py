"""Reading checks: silent on every plan that is read right, raised on a copy with the fault.

The seeds and every fixture folder read cleanly (no check warns); each mutation below copies a
real or realistic plan, puts one kind of fault into it, and must raise exactly its code.
"""

from __future__ import annotations

import dataclasses

import polars as pl
import pytest
from support.paths import DATA, FIXTURES
from support.synthetic import FORMATS, layout, write
from support.synthetic.plan import Plan, Recommendation, sample_plan

from cpcanalysis import load
from cpcanalysis.issues import IssueLog
from cpcanalysis.manifest import infer_entry
from cpcanalysis.readers import read_document
from cpcanalysis.readers.contract import RawRow
from cpcanalysis.structure.checks import CHECK_CODES
from cpcanalysis.structure.document import structure_document

CLEAN = [
    DATA,
    FIXTURES / "realistic",
    FIXTURES / "chain",
    FIXTURES / "chains" / "kingsford",
    FIXTURES / "chains" / "holmbrook",
    FIXTURES / "chains" / "marshbury",
]
LANCASTER = DATA / "raw" / "lancaster-cpc-2024-action-plan-tracker.tsv"
WYRE = DATA / "raw" / "wyre-cpc-2024-action-plan.md"


def _warned(plans) -> list[str]:
    return sorted(set(plans.issues.filter(pl.col("code").is_in(CHECK_CODES))["code"]))


@pytest.mark.parametrize("folder", CLEAN, ids=lambda p: p.name)
def test_plans_that_are_read_right_raise_no_reading_warning(folder):
    plans = load(folder, themes=False, progress=False)
    assert _warned(plans) == []
    assert plans.plans["n_reading_warnings"].to_list() == [0] * plans.plans.height


def _copy(tmp_path, source, edit) -> object:
    path = tmp_path / source.name
    path.write_text(edit(source.read_text(encoding="utf-8")), encoding="utf-8")
    return load(path, themes=False)


def _lines(text: str, change) -> str:
    lines = text.splitlines(keepends=True)
    change(lines)
    return "".join(lines)


MUTATIONS = {
    # a data row read twice
    "duplicate_action": (LANCASTER, lambda t: _lines(t, lambda ls: ls.insert(3, ls[2]))),
    # a heading left with only its label
    "heading_only_recommendation": (
        WYRE,
        lambda t: t.replace(t.split("\n## ")[2].split("\n")[0], "Recommendation 3", 1),
    ),
    # a list of downloads read into the plan's table
    "not_a_plan_table": (
        LANCASTER,
        lambda t: (
            t.rstrip("\n") + "\nDocuments\tDownload the full report (PDF 245KB)\t\t\t\t\t\n"
            "\tDownload the action plan (PDF 120KB)\t\t\t\t\t\n"
        ),
    ),
    # the same number given twice
    "repeated_recommendation_number": (
        LANCASTER,
        lambda t: t.replace("8. Invest", "7. Invest", 1),
    ),
    # a part of a stem, cut loose and read as a recommendation of its own
    "part_as_recommendation": (
        LANCASTER,
        lambda t: t.replace("8. Invest", "8. investing", 1),
    ),
    # statuses nobody can read
    "many_unreadable": (
        LANCASTER,
        lambda t: "".join(
            line.rsplit("\t", 1)[0] + "\tPurple\n" if i else line
            for i, line in enumerate(t.splitlines(keepends=True))
        ),
    ),
}


@pytest.mark.parametrize("code", sorted(MUTATIONS))
def test_a_copy_with_the_fault_raises_its_code(tmp_path, code):
    source, edit = MUTATIONS[code]
    plans = _copy(tmp_path, source, edit)
    assert code in _warned(plans)
    assert plans.plans["n_reading_warnings"][0] >= 1


def test_a_row_split_by_a_page_break_is_flagged(tmp_path):
    """Prestwick's PDF, read as it is, joins the row its page break splits; cut that row back
    into two rows on two pages and the check must see it."""
    source = FIXTURES / "realistic" / "raw" / "prestwick-cpc-action-plan.pdf"
    entry = infer_entry(source, source.parent.parent)
    doc = read_document(source)
    clean = structure_document(doc, entry, IssueLog("p", "x"))
    assert clean.plan["n_reading_warnings"] == 0
    rows = [r for r in doc.rows if r.kind == "row"]
    target = next(r for r in rows if r.cells[1].startswith("Carry out a workforce survey"))
    words = target.cells[1].split()
    head, tail = " ".join(words[: len(words) // 2]) + " the", " ".join(words[len(words) // 2 :])
    first = dataclasses.replace(target, cells=(target.cells[0], head, *target.cells[2:]))
    second = RawRow(
        "row",
        ("", tail[:1].upper() + tail[1:], *("" for _ in target.cells[2:])),
        target.line + 1,
        target.table,
        ("page 99",),
    )
    first = dataclasses.replace(first, flags=("page 98",))
    at = doc.rows.index(target)
    later = [
        dataclasses.replace(r, line=r.line + 1) if r.table == target.table else r
        for r in doc.rows[at + 1 :]
    ]
    doc.rows[at:] = [first, second, *later]
    split = structure_document(doc, entry, IssueLog("p", "x"))
    assert "page_break_split" in {r["code"] for r in split.issues.records}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("layout_name", ["full_width", "headings"])
def test_a_recommendation_with_no_actions_is_kept_with_none_and_warned(tmp_path, fmt, layout_name):
    base = sample_plan(size=3)
    empty = Recommendation("Review the council's use of consultants and interim staff", ())
    recs = (*base.recommendations[:1], empty, *base.recommendations[1:])
    plan = Plan(base.council, recs, base.numbering)
    path = write(layout(plan, layout_name), fmt, tmp_path)
    plans = load(path, themes=False)
    two = plans.recommendations.filter(pl.col("rec_no") == 2)
    assert two["text"].to_list() == [empty.text]
    assert plans.actions.filter(pl.col("rec_no") == 2).height == 0
    assert plans.plans["n_actions"][0] == sum(len(r.actions) for r in recs)
    assert "no_actions" in _warned(plans)
