"""The manifest: entries, dates, hints, and the errors that name the entry and the fix."""

import re

import pytest
from support.paths import DATA

from cpcanalysis import load
from cpcanalysis.errors import ManifestError
from cpcanalysis.manifest import read_manifest

ENTRY = (
    '[[documents]]\nplan_id = "p"\ncouncil = "Exampleton"\ndocument_kind = "tracker"\n'
    'path = "raw/p.csv"\n'
)


def _manifest(tmp_path, text):
    (tmp_path / "plans.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_month_dates_are_the_first_of_the_month(tmp_path):
    (entry,) = read_manifest(_manifest(tmp_path, ENTRY + 'cpc_date = "2024-04"\n'))
    assert entry.cpc_date.isoformat() == "2024-04-01"


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        ('as_of = "April 2025"\n', "as_of = 'April 2025' is not a date"),
        ('colour = "red"\n', "unknown keys ['colour']"),
        ("[documents.hints]\nsheeet = 'Plan'\n", "unknown hints ['sheeet']"),
        ('document_kind = "minutes"\n', "entry 1 (p) document_kind = 'minutes' is not one of"),
    ],
)
def test_bad_entries_are_refused_with_the_fix(tmp_path, extra, needle):
    text = ENTRY.replace('document_kind = "tracker"\n', "") if "document_kind" in extra else ENTRY
    with pytest.raises(ManifestError, match=re.escape(needle)):
        read_manifest(_manifest(tmp_path, text + extra))


def test_missing_required_keys(tmp_path):
    with pytest.raises(ManifestError, match="lacks council"):
        read_manifest(_manifest(tmp_path, '[[documents]]\nplan_id = "p"\n'))


def test_duplicate_plan_ids(tmp_path):
    with pytest.raises(ManifestError, match="used twice"):
        read_manifest(_manifest(tmp_path, ENTRY + "\n" + ENTRY))


def test_invalid_toml_names_the_manifest(tmp_path):
    with pytest.raises(ManifestError, match=r"plans\.toml.*not valid TOML"):
        read_manifest(_manifest(tmp_path, "[[documents]\n"))


def test_a_file_loaded_alone_uses_its_manifest_entry_when_its_folder_lists_it(tmp_path):
    from datetime import date

    wyre = DATA / "raw" / "wyre-cpc-2024-action-plan.md"
    plan = load(wyre, progress=False).plans.row(0, named=True)
    assert (plan["council"], plan["as_of"], plan["in_manifest"]) == (
        "Wyre Council",
        date(2024, 7, 1),
        True,
    )
    assert plan["source_path"] == "raw/wyre-cpc-2024-action-plan.md"
    loose = tmp_path / "wyre-cpc-2024-action-plan.md"
    loose.write_bytes(wyre.read_bytes())
    alone = load(loose, progress=False).plans.row(0, named=True)
    assert (alone["in_manifest"], alone["as_of"]) == (False, None)
