"""Everything the comparison report shows, prepared once from the report's parameters.

The report notebook calls :func:`prepare` in its first cell and then only displays parts of the
returned :class:`ReportContext`, so the same figures can be computed (and tested) without a
notebook.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

import cpcanalysis
from cpcanalysis import slippage
from cpcanalysis.errors import CpcError, ParameterError
from cpcanalysis.manifest import discover
from cpcanalysis.params import check_data_folder, normal_name, parse_as_of, select_councils
from cpcanalysis.report.content import summaries

__all__ = ["ReportContext", "prepare"]


@dataclass(frozen=True)
class ReportContext:
    """The report's parameters, as resolved, and the frames it shows."""

    data: str
    as_of: date | None
    councils: list[str]
    focus: str | None
    plans: pl.DataFrame
    recommendations: pl.DataFrame
    actions: pl.DataFrame
    issues: pl.DataFrame
    measured: pl.DataFrame  # actions with slippage columns (cpcanalysis.slippage.measure)
    slippage_summary: pl.DataFrame  # cpcanalysis.slippage.summarise
    overview: pl.DataFrame  # one row per council
    # documents that could not be loaded: plan_id, council (None when not known), source_path
    # and the loader's message
    failed: pl.DataFrame

    @property
    def as_of_rule(self) -> str:
        """How deadlines are judged, in words."""
        if self.as_of is None:
            return "each document is judged at its own as-of date"
        return f"every document is judged at {self.as_of.isoformat()}"


def _only(frame: pl.DataFrame, councils: list[str]) -> pl.DataFrame:
    return frame.filter(pl.col("council").is_in(councils))


def prepare(
    data: str | Path,
    *,
    as_of: date | str | None = None,
    councils: Sequence[str] | None = None,
    focus: str | None = None,
) -> ReportContext:
    """Load ``data``, keep the chosen councils, and compute every frame the report shows."""
    judged_at = parse_as_of(as_of)
    check_data_folder(data)
    # a document that cannot be read is reported in the data-quality section, not fatal
    loaded = cpcanalysis.load(data, errors="report", progress=False)
    failed = _failed(loaded.plans, loaded.issues, Path(data))
    _refuse_unloaded(loaded.plans["council"].to_list(), failed, [*(councils or []), focus])
    chosen, focus_name = select_councils(loaded.plans["council"].to_list(), councils, focus)
    if councils:  # only the chosen councils' failures (and those of unknown council)
        failed = failed.filter(pl.col("council").is_null() | pl.col("council").is_in(chosen))
    plans = _only(loaded.plans, chosen)
    plan_ids = plans["plan_id"].implode()
    actions = _only(loaded.actions, chosen)
    measured = slippage.measure(actions, plans, as_of=judged_at)
    summary = slippage.summarise(measured, plans)
    recommendations = _only(loaded.recommendations, chosen)  # labelled by load
    return ReportContext(
        data=str(data),
        as_of=judged_at,
        councils=chosen,
        focus=focus_name,
        plans=plans,
        recommendations=recommendations,
        actions=actions,
        # issues of the chosen documents, and of the chosen councils' documents that could not
        # be loaded (and of those whose council is not known)
        issues=loaded.issues.filter(
            pl.col("plan_id").is_in(plan_ids) | pl.col("plan_id").is_in(failed["plan_id"].implode())
        ),
        measured=measured,
        slippage_summary=summary,
        overview=summaries.council_overview(plans, recommendations, actions, summary),
        failed=failed,
    )


def _failed(plans: pl.DataFrame, issues: pl.DataFrame, data: Path) -> pl.DataFrame:
    """The documents that could not be loaded, with their council as the manifest (or, for a
    file without an entry, the file name) gives it."""
    try:
        listed, unlisted = discover(data)
        councils = {entry.plan_id: entry.council for entry in listed + unlisted}
    except CpcError:  # the manifest itself is unreadable: the load reported it already
        councils = {}
    return (
        issues.filter(~pl.col("plan_id").is_in(plans["plan_id"].implode()))
        .sort("plan_id", "severity", "message")
        .group_by("plan_id", maintain_order=True)
        .agg(pl.col("source_path", "message").first())
        .with_columns(
            pl.col("plan_id")
            .replace_strict(councils, default=None, return_dtype=pl.String)
            .alias("council")
        )
        .select("plan_id", "council", "source_path", "message")
    )


def _refuse_unloaded(loaded: list[str], failed: pl.DataFrame, asked: list[str | None]) -> None:
    """A council asked for whose every document failed to load is not an unknown council:
    say so, with the loader's reason, instead of listing the councils that did load."""
    loaded_names = {normal_name(name) for name in loaded}
    for name in asked:
        if name is None or normal_name(name) in loaded_names:
            continue
        for _, council, _, message in failed.drop_nulls("council").iter_rows():
            if normal_name(council) == normal_name(name):
                raise ParameterError(
                    f"no document of council {council!r} could be loaded",
                    hint=message,
                )
