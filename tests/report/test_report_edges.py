"""The comparison report on awkward data folders: several councils with awkward names, a plan
without a CPC date, a plan without statuses, a file that fails to load, a file missing from the
manifest; one council judged before every deadline and after all. Built end to end, read
without a browser (tests/support/browser.py's read_report)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import polars as pl
import pytest
from support.browser import check_structure, read_report, report_sections, table_by_caption

import cpcanalysis
from cpcanalysis import slippage
from cpcanalysis.errors import ParameterError
from cpcanalysis.report import build_report
from cpcanalysis.report.content import sections, summaries
from cpcanalysis.report.content.context import prepare

PLAN = (
    "Recommendation\tAction\tTimescale\tLead\tStatus\n"
    "1. Review the budget\tReport to Cabinet\tJune 2024\tX\tGreen\n"
    "1. Review the budget\tAgree the MTFS\tMarch 2025\tY\tAmber\n"
    "2. Improve scrutiny\tTrain members\tDecember 2024\tZ\tComplete\n"
    "3. Develop a housing strategy\tConsult residents\tOngoing\tZ\tRed\n"
)
NO_STATUS = (  # like Wyre's plan: actions and timescales, no status column
    "Recommendation\tAction\tTimescale\n"
    "1. Refresh the council plan\tDraft the plan\tNovember 2024\n"
    "2. Review reserves\tReview the reserves policy\tApril 2025\n"
)
ST_HELENS, KINGS_LYNN, YNYS_MON = "St Helens", "King's Lynn & West Norfolk", "Ynys Môn"
BROKEN = "Broken Borough Council"
UNLISTED = "Gamma Borough Council"


def _entry(plan_id: str, council: str, path: str, *, cpc_date: str | None = "2024-03-01") -> str:
    cpc = f'cpc_date = "{cpc_date}"\n' if cpc_date else ""
    return (
        f'[[documents]]\nplan_id = "{plan_id}"\ncouncil = "{council}"\n'
        f'document_kind = "tracker"\n{cpc}as_of = "2025-01-15"\npath = "{path}"\n\n'
    )


def _folder(root: Path, entries: list[tuple[str, str, str, str | bytes, str | None]]) -> Path:
    (root / "raw").mkdir(parents=True)
    manifest = []
    for plan_id, council, name, content, cpc_date in entries:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (root / "raw" / name).write_bytes(data)
        manifest.append(_entry(plan_id, council, f"raw/{name}", cpc_date=cpc_date))
    (root / "plans.toml").write_text("".join(manifest), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def mixed_data(tmp_path_factory) -> Path:
    folder = _folder(
        tmp_path_factory.mktemp("mixed"),
        [
            ("st-helens", ST_HELENS, "st-helens.tsv", PLAN, "2024-03-01"),
            ("kings-lynn", KINGS_LYNN, "kings-lynn.tsv", PLAN, None),  # no cpc_date
            ("ynys-mon", YNYS_MON, "ynys-mon.tsv", NO_STATUS, "2024-03-01"),
            ("broken", BROKEN, "broken.xlsx", b"PK\x03\x04 not a workbook", "2024-03-01"),
        ],
    )
    # a plan file the manifest does not list: council from its name, no dates
    (folder / "raw" / "gamma-borough-council-action-plan.tsv").write_text(PLAN, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def mixed_report(mixed_data, tmp_path_factory) -> Path:
    return build_report(mixed_data, tmp_path_factory.mktemp("out") / "r.html", focus=KINGS_LYNN)


def test_awkward_names_are_shown_exactly_and_escaped(mixed_report):
    page = mixed_report.read_text(encoding="utf-8")
    markup = re.sub(r"<script\b.*?</script>", "", page, flags=re.DOTALL)
    assert "King's Lynn &amp; West Norfolk" in markup and YNYS_MON in markup
    assert KINGS_LYNN not in markup  # the ampersand is always escaped outside the chart specs
    tables = check_structure(mixed_report, report_sections(KINGS_LYNN))
    overview = table_by_caption(tables, "Overview per council")
    assert [r[0] for r in overview.rows] == [UNLISTED, KINGS_LYNN, ST_HELENS, YNYS_MON]
    assert table_by_caption(tables, f"{KINGS_LYNN} against its peers").rows


def test_a_document_that_fails_is_named_with_its_reason_and_the_rest_builds(mixed_report):
    tables, _ = read_report(mixed_report)
    quality = table_by_caption(tables, "Issues per document")
    broken = quality.row(f"{BROKEN} (not loaded)")
    assert (broken["Document"], broken["Source file"], broken["Errors"]) == (
        "broken",
        "raw/broken.xlsx",
        "1",
    )
    details = table_by_caption(tables, "Errors and warnings")
    (error,) = [r for r in details.records() if r["Severity"] == "error"]
    assert error["Source file"] == "raw/broken.xlsx"
    assert "damaged or truncated spreadsheet" in error["What was found"]
    page = mixed_report.read_text(encoding="utf-8")
    assert "1 document could not be loaded and is left out of every figure: raw/broken.xlsx" in (
        html.unescape(page)
    )
    assert BROKEN not in [r[0] for r in table_by_caption(tables, "Overview per council").rows]


def test_a_file_without_a_manifest_entry_is_reported_and_not_judged(mixed_report):
    tables, _ = read_report(mixed_report)
    sources = table_by_caption(tables, "Source files").records()
    (gamma,) = [r for r in sources if r["Council"] == UNLISTED]
    assert gamma["In plans.toml"] == "no" and gamma["As of"] == "" and gamma["CPC date"] == ""
    details = table_by_caption(tables, "Errors and warnings").records()
    assert any("no entry in plans.toml" in r["What was found"] for r in details)
    states = table_by_caption(tables, "Deadlines against the as-of date").row(UNLISTED)
    assert states["Not judged (no as-of date)"] == "2" and states["Not yet due"] == "0"
    assert states["Overdue"] == "0"
    text = html.unescape(mixed_report.read_text(encoding="utf-8"))
    assert f"{UNLISTED}: no as-of date (as_of in plans.toml), so no deadline could be judged" in (
        text
    )


def test_missing_cpc_date_and_missing_statuses_are_said_not_hidden(mixed_report, mixed_data):
    tables, _ = read_report(mixed_report)
    profile = table_by_caption(tables, "Deadline profile")
    assert KINGS_LYNN not in [r[0] for r in profile.rows]
    text = html.unescape(mixed_report.read_text(encoding="utf-8"))
    assert f"Not shown: {UNLISTED} and {KINGS_LYNN}, with no CPC date to count from" in text
    overview = table_by_caption(tables, "Overview per council").row(YNYS_MON)
    # a plan without statuses: its share complete is unknown, shown blank with the reason
    assert overview["Status mix"] == "2 unknown"
    assert overview["Share of actions complete"] == "no statuses published"
    assert (
        table_by_caption(tables, "Overview per council").row(ST_HELENS)["Share of actions complete"]
        == "25%"
    )
    slip = table_by_caption(tables, "Slippage per council: overdue actions").row(YNYS_MON)
    assert slip["Schedule index (done by deadline / due)"] == "no statuses published"
    assert f"{YNYS_MON}: no action has a status" in text
    assert f"{YNYS_MON} published no statuses" in text  # a caveat of the summary
    # the LGA timeline columns say which date is missing and where to record it
    revised = table_by_caption(tables, "Slippage per council: revised deadlines")
    assert revised.row(KINGS_LYNN)["Plan within 3 months of the CPC"] == (
        "no CPC date (cpc_date in plans.toml)"
    )
    assert revised.row(ST_HELENS)["Plan within 3 months of the CPC"] == (
        "no action plan dated (add it to plans.toml, with published)"
    )
    # its figures are still the library's
    plans = cpcanalysis.load(mixed_data, errors="report")
    summary = slippage.summarise(slippage.measure(plans.actions, plans.plans), plans.plans)
    mine = summary.filter(scope="council", council=YNYS_MON).row(0, named=True)
    # past due with no status: neither overdue nor not, so unknown (blank), not a count (issue 17)
    assert (mine["n_overdue"], mine["median_days_overdue"]) == (None, None)
    assert overview["Actions overdue"] == overview["Median days overdue"] == "no statuses published"


def test_asking_for_a_council_whose_documents_all_failed_says_why(mixed_data):
    with pytest.raises(ParameterError) as caught:
        prepare(mixed_data, councils=[BROKEN.lower()])
    message = str(caught.value)
    assert f"no document of council {BROKEN!r} could be loaded" in message
    assert "damaged or truncated spreadsheet" in message and "\n" not in message
    # a selection shows only its own councils' failures
    chosen = prepare(mixed_data, councils=[ST_HELENS])
    assert chosen.failed.is_empty() and chosen.councils == [ST_HELENS]


@pytest.fixture(scope="module")
def single_data(tmp_path_factory) -> Path:
    return _folder(
        tmp_path_factory.mktemp("single"), [("alpha", "Alpha Council", "a.tsv", PLAN, "2024-03-01")]
    )


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [("2000-01-01", 0), ("2100-01-01", 2)],
    ids=["before-every-deadline", "after-all"],
)
def test_one_council_judged_before_every_deadline_and_after_all(
    single_data, tmp_path, as_of, overdue
):
    out = build_report(single_data, tmp_path / "r.html", as_of=as_of, focus="Alpha Council")
    tables = check_structure(out, report_sections("Alpha Council"))
    text = html.unescape(out.read_text(encoding="utf-8"))
    assert "is the only council in this report" in text and "other 0 councils" not in text
    assert "<dt>Councils</dt><dd>1 (Alpha Council)</dd>" in text
    assert f"<dt>Deadlines judged at</dt><dd>{as_of}, for every document (--as-of)</dd>" in text
    # judged after the plan's own date (2100), its statuses may be stale: the report says so
    stale = "judged at a date after its documents' own as-of dates" in text
    assert stale == (as_of > "2024-03-01")
    plans = cpcanalysis.load(single_data)
    measured = slippage.measure(plans.actions, plans.plans, as_of=as_of)
    figures = (
        slippage.summarise(measured, plans.plans)
        .filter(pl.col("scope") == "council")
        .row(0, named=True)
    )
    row = table_by_caption(tables, "Slippage per council: overdue actions").row("Alpha Council")
    assert row["Judged at"] == as_of
    assert row["Actions overdue"] == str(figures["n_overdue"]) == str(overdue)
    assert row["Actions due by the as-of date"] == str(figures["n_due"])
    if overdue:
        days = table_by_caption(tables, "How far overdue").row("Alpha Council")
        assert days["Most days overdue"] == f"{int(measured['days_overdue'].max()):,}"
    else:
        assert "No action is overdue." in text
        assert row["Schedule index (done by deadline / due)"] == ""  # nothing due: no index


def test_data_quality_lists_each_documents_reading_warnings_by_check(tmp_path):
    clean = (
        "Recommendation\tAction\tTimescale\tLead\tStatus\n"
        "1. Review the budget and reserves\tReport to Cabinet\tJune 2024\tX\tGreen\n"
        "2. Develop a housing strategy\tConsult residents\tOngoing\tZ\tRed\n"
    )
    doubtful = (  # a row read twice and a recommendation that is only its label
        clean + "2. Develop a housing strategy\tConsult residents\tOngoing\tZ\tRed\n"
        "Recommendation 3\tPublish the results\tMay 2025\tZ\tGreen\n"
    )
    folder = _folder(
        tmp_path / "data",
        [
            ("delta", "Delta District Council", "delta.tsv", doubtful, "2024-03-01"),
            ("alpha", "Alpha Council", "alpha.tsv", clean, "2024-03-01"),
        ],
    )
    ctx = prepare(folder)
    page = html.unescape("".join(str(part) for part in sections.data_quality(ctx).parts))
    assert "Reading checks: 1 of 2 documents raised warnings" in page
    assert "Check the figures of Delta District Council against their files" in page
    warned = summaries.reading_warnings(ctx.plans, ctx.issues)
    assert warned.select("plan_id", "reading_check", "warnings_of_kind").rows() == [
        ("delta", "Duplicate action", 1),
        ("delta", "Heading only", 1),
    ]
    (first,) = warned.filter(pl.col("reading_check") == "Duplicate action")["first_example"]
    assert "Consult residents" in first and first in page
    # documents read cleanly say so instead of an empty table
    alone = prepare(folder, councils=["Alpha Council"])
    text = "".join(str(part) for part in sections.data_quality(alone).parts)
    assert "Reading checks: every document passed them" in text
