"""Fixtures shared by every test folder; helpers live in the ``support`` package."""

import pytest
from support.paths import DATA


@pytest.fixture(scope="session")
def seed_plans():
    """The two real seed plans, loaded once for the whole session."""
    from cpcanalysis import load

    return load(DATA)
