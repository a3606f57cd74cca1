import polars as pl
import pytest

from cpcanalysis.errors import CpcError
from cpcanalysis.schema import TABLES, conform, empty_frame


def test_every_table_has_provenance_or_is_plans():
    for name, fields in TABLES.items():
        names = [f.name for f in fields]
        assert "plan_id" in names, name
        assert "source_path" in names, name


def test_empty_frame_has_declared_columns_in_order():
    frame = empty_frame("actions")
    assert frame.columns == [f.name for f in TABLES["actions"]]
    assert frame.height == 0


def test_conform_refuses_undeclared_column():
    frame = pl.DataFrame({"plan_id": ["p"], "surprise": [1]})
    with pytest.raises(CpcError, match="undeclared columns"):
        conform(frame, "issues")


def test_conform_refuses_value_outside_vocabulary():
    frame = pl.DataFrame(
        {"plan_id": ["p"], "source_path": ["x"], "severity": ["fatal"], "message": ["m"]}
    )
    with pytest.raises(CpcError, match="severity"):
        conform(frame, "issues")


def test_conform_adds_missing_nullable_columns_as_null():
    frame = pl.DataFrame(
        {
            "plan_id": ["p"],
            "source_path": ["x"],
            "severity": ["info"],
            "code": ["column_role"],
            "message": ["m"],
        }
    )
    out = conform(frame, "issues")
    assert out["column"].to_list() == [None]
    assert out["source_row"].dtype == pl.Int64
