"""Each concern has one home: labels and colours in the schema, issue kinds by code.

These read the package's source: a label, status word or colour typed into another module, or
code that picks issues by their wording, would drift from the schema without failing any other
test.
"""

import re

import pytest
from support.paths import ROOT

from cpcanalysis.schema import STATUSES

PACKAGE = ROOT / "cpcanalysis"
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "schema" not in p.relative_to(PACKAGE).parts)


def _source(path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_status_label_or_colour_outside_the_schema(path):
    text = _source(path)
    for status in STATUSES.terms:
        if status.label.lower() in ("complete", "unknown"):  # also ordinary words
            continue
        assert f'"{status.label}"' not in text, (path.name, status.label)
    colours = re.findall(r'"#[0-9A-Fa-f]{6}"', text)
    if path.relative_to(PACKAGE).as_posix() != "charts/style.py":
        assert colours == [], (path.name, colours)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_code_picks_issues_by_their_wording(path):
    if path.name == "issues.py":
        return
    text = _source(path)
    assert not re.search(r'col\("message"\)\.str\.', text), path.name
    assert not re.search(r'\["message"\]\.(?:str\.|removeprefix|startswith)', text), path.name
    assert "document not loaded" not in text and '"column read as "' not in text, path.name


def test_every_label_the_report_shows_is_declared():
    """The report's views name only declared fields (a column missing from the schema would be
    shown under its machine name)."""
    from cpcanalysis.schema import ALL_TABLES, FIELDS

    for table in ALL_TABLES.values():
        for column in table.columns:
            assert column.name in FIELDS, (table.name, column.name)
