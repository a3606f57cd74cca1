"""The slippage tables of a set of plans at once: what `cpcanalysis export --slippage` writes."""

from __future__ import annotations

from datetime import date

import polars as pl

from cpcanalysis.schema import TABLES, conform
from cpcanalysis.slippage.measure import measure
from cpcanalysis.slippage.summary import summarise
from cpcanalysis.slippage.versions import match_versions


def slippage_tables(
    actions: pl.DataFrame, plans: pl.DataFrame, *, as_of: date | str | None = None
) -> dict[str, pl.DataFrame]:
    """``slippage`` (each action measured: the slippage columns of :func:`measure`, keyed like
    ``actions``), ``version_matches`` (actions paired across the
    versions of each plan) and ``slippage_summary`` (per document and per council), judged at
    ``as_of`` or, when it is None, at each document's own as-of date."""
    measured = measure(actions, plans, as_of=as_of)
    return {
        "slippage": conform(measured.select(f.name for f in TABLES["slippage"]), "slippage"),
        "version_matches": match_versions(actions, plans),
        "slippage_summary": summarise(measured, plans),
    }
