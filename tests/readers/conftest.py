"""Fixtures of the readers' tests."""

import os
import shutil

import pytest


def require_soffice() -> str:
    """LibreOffice's ``soffice``, or skip when it is missing (fail when CPC_REQUIRE_SOFFICE=1,
    as CI sets it: there the .doc and .rtf tests must run)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        reason = "LibreOffice (soffice) not found: install Debian's libreoffice-writer-nogui"
        if os.environ.get("CPC_REQUIRE_SOFFICE") == "1":
            pytest.fail(f"{reason}; CPC_REQUIRE_SOFFICE=1 makes this a failure")
        pytest.skip(reason)
    return found


@pytest.fixture
def soffice() -> str:
    return require_soffice()


@pytest.fixture(scope="module")
def soffice_for_module() -> str:
    """The same, for module-scoped fixtures (a corpus loaded once)."""
    return require_soffice()


@pytest.fixture
def no_soffice(monkeypatch, tmp_path):
    """A PATH holding only an empty folder: LibreOffice cannot be found on it."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return empty
