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
from cpcanalysis import slippage, themes
from cpcanalysis.report import summaries
from cpcanalysis.report.params import check_data_folder, parse_as_of, select_councils

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

    @property
    def as_of_rule(self) -> str:
        """How deadlines are judged, in words."""
        if self.as_of is None:
            return "each document is judged at its own as-of date"
        return f"every document is judged at {self.as_of.isoformat()}"


def _only(frame: pl.DataFrame, councils: list[str]) -> pl.DataFrame:
    return frame.filter(pl.col("council").is_in(councils))


def with_themes(recommendations: pl.DataFrame) -> pl.DataFrame:
    """``recommendations`` with core_element, theme and theme_confidence from
    :func:`cpcanalysis.themes.classify`, unless they are filled already."""
    if recommendations["theme"].drop_nulls().len():
        return recommendations
    labels = themes.classify(recommendations["text"])
    return recommendations.with_columns(
        labels["core_element"].alias("core_element"),
        labels["theme"].alias("theme"),
        labels["confidence"].alias("theme_confidence"),
    )


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
    chosen, focus_name = select_councils(loaded.plans["council"].to_list(), councils, focus)
    plans = _only(loaded.plans, chosen)
    plan_ids = plans["plan_id"].implode()
    actions = _only(loaded.actions, chosen)
    measured = slippage.measure(actions, plans, as_of=judged_at)
    summary = slippage.summarise(measured, plans)
    recommendations = with_themes(_only(loaded.recommendations, chosen))
    return ReportContext(
        data=str(data),
        as_of=judged_at,
        councils=chosen,
        focus=focus_name,
        plans=plans,
        recommendations=recommendations,
        actions=actions,
        # issues of the chosen documents, and of every document that could not be loaded
        issues=loaded.issues.filter(
            pl.col("plan_id").is_in(plan_ids)
            | ~pl.col("plan_id").is_in(loaded.plans["plan_id"].implode())
        ),
        measured=measured,
        slippage_summary=summary,
        overview=summaries.council_overview(plans, recommendations, actions, summary),
    )
