"""Where the package's own data files live (vocabularies, synonyms, taxonomies, notebooks).

Paths are taken from this file's location rather than ``importlib.resources.files``, which fails
under setuptools' editable installs on Python 3.11.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def data_path(*parts: str) -> Path:
    """Path of a file shipped under ``cpcanalysis/data/``."""
    return DATA_DIR.joinpath(*parts)
