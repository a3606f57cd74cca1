"""No source text is lost: every word of every non-empty cell of a seed reaches the exports."""

import re
from pathlib import Path

import polars as pl
import pytest
from support.paths import DATA
from support.words import lost_words

from cpcanalysis.manifest import discover
from cpcanalysis.output import export_tables
from cpcanalysis.readers import read_document

WORD = re.compile(r"\w+")


@pytest.fixture(scope="module")
def exported(seed_plans, tmp_path_factory) -> dict[str, pl.DataFrame]:
    out = tmp_path_factory.mktemp("export")
    export_tables(seed_plans.tables(), out, "parquet")
    return {p.stem: pl.read_parquet(p) for p in Path(out).glob("*.parquet")}


@pytest.mark.parametrize("entry", discover(DATA)[0], ids=lambda e: e.plan_id)
def test_every_word_of_every_cell_is_exported(entry, exported):
    assert lost_words(exported, entry) == []
    doc = read_document(entry.path, entry.hints)
    assert sum(len(WORD.findall(c)) for r in doc.rows for c in r.cells) > 300
