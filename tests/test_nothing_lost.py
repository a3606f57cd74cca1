"""No source text is lost: every word of every non-empty cell of a seed reaches the exports."""

import re
from pathlib import Path

import polars as pl
import pytest
from conftest import DATA

from cpcanalysis.export import export_tables
from cpcanalysis.manifest import discover
from cpcanalysis.readers import read_document

WORD = re.compile(r"\w+")


def _words_of_tables(tables: dict[str, pl.DataFrame], plan_id: str) -> set[str]:
    words: set[str] = set()
    for frame in tables.values():
        mine = frame.filter(pl.col("plan_id") == plan_id)
        for name, dtype in mine.schema.items():
            column = mine[name]
            if dtype == pl.List(pl.String):
                column = column.list.join(" ")
            elif dtype != pl.String:
                continue
            for value in column.drop_nulls():
                words.update(WORD.findall(value))
    return words


@pytest.fixture(scope="module")
def exported(seed_plans, tmp_path_factory) -> dict[str, pl.DataFrame]:
    out = tmp_path_factory.mktemp("export")
    export_tables(seed_plans.tables(), out, "parquet")
    return {p.stem: pl.read_parquet(p) for p in Path(out).glob("*.parquet")}


@pytest.mark.parametrize("entry", discover(DATA)[0], ids=lambda e: e.plan_id)
def test_every_word_of_every_cell_is_exported(entry, exported):
    kept = _words_of_tables(exported, entry.plan_id)
    doc = read_document(entry.path, entry.hints)
    missing = []
    for row in doc.rows:
        for cell in row.cells:
            for word in WORD.findall(cell):
                if word not in kept:
                    missing.append((row.line, word))
    assert missing == []
    assert sum(len(WORD.findall(c)) for r in doc.rows for c in r.cells) > 300
