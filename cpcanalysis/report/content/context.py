"""Everything the comparison report shows, prepared once from the report's parameters.

The report notebook calls :func:`prepare` in its first cell and then only displays parts of the
returned :class:`ReportContext`, so the same figures can be computed (and tested) without a
notebook.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

import cpcanalysis
from cpcanalysis import slippage
from cpcanalysis.errors import CpcError, ParameterError
from cpcanalysis.manifest import MANIFEST_NAME, discover
from cpcanalysis.params import check_data_folder, normal_name, parse_as_of, select_councils
from cpcanalysis.report.content import summaries, versions
from cpcanalysis.report.content.councils import Peers, choose_peers
from cpcanalysis.report.content.national import MANY_COUNCILS

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
    # the focus council's comparators (none without a focus council)
    peers: Peers
    # actions paired across the versions of chains of two or more documents
    version_matches: pl.DataFrame
    # SHA-256 of what the report was built from: the manifest, every document's SHA-256 and
    # the parameters (a report names its inputs by content, not by the time it was built)
    inputs_digest: str

    @property
    def as_of_rule(self) -> str:
        """How deadlines are judged, in words."""
        if self.as_of is None:
            return "each document is judged at its own as-of date"
        return f"every document is judged at {self.as_of.isoformat()}"

    @property
    def many(self) -> bool:
        """Whether there are too many councils for a chart row each (national views instead)."""
        return len(self.councils) > MANY_COUNCILS

    @property
    def latest(self) -> pl.Series:
        """``plan_id`` of the latest document of each chain: what counts and profiles use."""
        return summaries.latest_documents(self.plans)

    def latest_only(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The rows of ``frame`` that belong to the latest document of their chain."""
        return frame.filter(pl.col("plan_id").is_in(self.latest.implode()))

    def council_order(self) -> list[str]:
        """The councils, the focus council first."""
        rest = [c for c in self.councils if c != self.focus]
        return [self.focus, *rest] if self.focus else rest


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
    chained = plans.filter(pl.col("plan_id").is_in(versions.chain_documents(plans)["plan_id"]))
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
        peers=choose_peers(plans, focus_name) if focus_name else Peers([], ""),
        version_matches=slippage.match_versions(
            actions.filter(pl.col("plan_id").is_in(chained["plan_id"].implode())), chained
        ),
        inputs_digest=inputs_digest(
            Path(data), plans, failed, {"as_of": judged_at, "councils": chosen, "focus": focus_name}
        ),
    )


def inputs_digest(
    data: Path, plans: pl.DataFrame, failed: pl.DataFrame, parameters: dict[str, object]
) -> str:
    """SHA-256 (hex) of the report's inputs: the manifest's bytes, each document's plan_id,
    source path and SHA-256, the documents that failed, and the parameters. The data folder's
    own path is left out, so the same files anywhere give the same digest."""
    manifest = data / MANIFEST_NAME
    described = {
        "manifest": hashlib.sha256(manifest.read_bytes()).hexdigest()
        if manifest.is_file()
        else None,
        "documents": sorted(plans.select("plan_id", "source_path", "sha256").rows(), key=str),
        "failed": sorted(failed.select("plan_id", "source_path").rows(), key=str),
        "parameters": {k: str(v) if isinstance(v, date) else v for k, v in parameters.items()},
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode("utf-8")).hexdigest()


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
