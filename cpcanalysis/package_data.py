"""Where the package's own files live: vocabularies, synonyms, taxonomies, the report's notebook
and template. The one place that knows the package's folder layout.

Paths are taken from this file's location rather than ``importlib.resources.files``, which fails
under setuptools' editable installs on Python 3.11.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
NOTEBOOK_DIR = PACKAGE_DIR / "notebooks"


def data_path(*parts: str) -> Path:
    """Path of a file shipped under ``cpcanalysis/data/``."""
    return DATA_DIR.joinpath(*parts)


def read_data_text(*parts: str) -> str:
    """The text (UTF-8) of a file shipped under ``cpcanalysis/data/``."""
    return data_path(*parts).read_text(encoding="utf-8")


def notebook_path(name: str) -> Path:
    """Path of a notebook shipped under ``cpcanalysis/notebooks/`` (``name`` without suffix)."""
    return NOTEBOOK_DIR / f"{name}.ipynb"
