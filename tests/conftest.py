from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def seed_plans():
    """The two real seed plans, loaded once for the whole session."""
    from cpcanalysis import load

    return load(DATA)
