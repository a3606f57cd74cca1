"""The schema is declared once; what loading produces and what is declared agree."""

from pathlib import Path

import polars as pl
from support.paths import ROOT

from cpcanalysis.dictionary import render_dictionary
from cpcanalysis.schema import TABLES, schema_of

CONTRACT = {
    "plans": "plan_id council council_code council_type region document_kind cpc_date as_of title "
    "source_path source_format sha256 n_recommendations n_actions",
    "recommendations": "plan_id council rec_id rec_no rec_part text source_path source_row",
    "actions": "plan_id council rec_id rec_no action_no text deadline_text deadline_start "
    "deadline_end deadline_kind lead sponsor status_text status update_text source_path "
    "source_row",
    "issues": "plan_id source_path source_row column severity message",
}


def test_public_contract_columns_are_declared_with_their_types():
    for table, names in CONTRACT.items():
        declared = schema_of(table)
        for name in names.split():
            assert name in declared, (table, name)
    actions = schema_of("actions")
    assert actions["lead"] == pl.List(pl.String)
    assert actions["deadline_end"] == pl.Date
    assert schema_of("recommendations")["rec_no"] == pl.Int64


def test_loaded_tables_have_exactly_the_declared_schema(seed_plans):
    for name, frame in seed_plans.tables().items():
        assert frame.schema == schema_of(name), name


def test_every_declared_field_is_used_by_the_seeds_or_documented_as_optional(seed_plans):
    # fields the seeds cannot fill (no revised deadline column, no grouping headings, ...);
    # tests/readers/test_formats_canonical.py shows them filled by synthetic layouts
    may_be_empty = {
        # no seed states its adoption date (tests/slippage/test_timeline.py reads one)
        "plans": {"published", "file_title", "title", "adoption_stated", "adoption_evidence"},
        "recommendations": {
            "rec_part",
            "rec_label",
            "rec_title",  # tests/structure/test_heading_rules.py
            "stem",
            "source_page",  # PDFs only: tests/load/test_committee_reports.py
            "source_table",  # documents with tables: tests/load/test_committee_reports.py
        },
        "actions": {
            "source_page",
            "source_table",
            "revised_deadline_text",
            "revised_end",
            "other_text",
            "deadline_note",
            "status_text",
            "update_text",
            "section",
            "refers_to",  # tests/structure/test_layout_rules.py
        },
        "issues": {"column", "source_row", "source_table"},  # tests/structure/test_issue_places.py
    }
    for name, frame in seed_plans.tables().items():
        for field in TABLES[name]:
            if field.name in may_be_empty.get(name, set()):
                continue
            assert frame[field.name].null_count() < frame.height, (name, field.name)


def test_data_dictionary_in_docs_is_generated_from_the_schema():
    path = Path(ROOT) / "docs" / "data-dictionary.md"
    expected = render_dictionary()
    assert path.read_text(encoding="utf-8") == expected, (
        "docs/data-dictionary.md is stale: run `cpcanalysis dictionary --out "
        "docs/data-dictionary.md`"
    )
