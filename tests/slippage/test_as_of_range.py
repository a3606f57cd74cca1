"""The as-of date a user gives is a date between 1990-01-01 and 2100-12-31 (issue 16): beyond
that, one line and exit 1, before any file is read or any kernel starts."""

from __future__ import annotations

from datetime import date

import pytest
from support.paths import DATA

from cpcanalysis.cli import main
from cpcanalysis.errors import ParameterError
from cpcanalysis.params import parse_as_of


@pytest.mark.parametrize("given", ["1990-01-01", "2100-12-31", date(2025, 3, 31), None])
def test_dates_in_range_are_accepted(given):
    assert parse_as_of(given) == (date.fromisoformat(given) if isinstance(given, str) else given)


@pytest.mark.parametrize("given", ["9999-12-31", "1989-12-31", "2101-01-01", date(1, 1, 1)])
def test_dates_out_of_range_are_refused_in_one_line(given):
    with pytest.raises(ParameterError) as raised:
        parse_as_of(given)
    message = str(raised.value)
    assert "is outside 1990-01-01 to 2100-12-31" in message and "\n" not in message


@pytest.mark.parametrize("command", ["export", "report"])
def test_the_cli_refuses_an_as_of_out_of_range_with_exit_1(tmp_path, capsys, command, monkeypatch):
    import importlib

    loading = importlib.import_module("cpcanalysis.load")
    monkeypatch.setattr(loading, "read_document", lambda *a, **k: pytest.fail("a file was read"))
    out = tmp_path / ("tables" if command == "export" else "report.html")
    extra = ["--slippage"] if command == "export" else []
    status = main([command, str(DATA), "--out", str(out), *extra, "--as-of", "9999-12-31"])
    err = capsys.readouterr().err
    assert status == 1
    assert err == (
        "cpcanalysis: error: as-of date 9999-12-31 is outside 1990-01-01 to 2100-12-31 (judge "
        "deadlines at a date within the range deadlines are read in)\n"
    )
    assert not out.exists()
