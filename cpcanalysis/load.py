"""``load``: a data folder (or one plan file) into the canonical frames.

The only place where documents meet: entries come from the manifest (and inference for unlisted
files), each file is read by its reader, structured, and its records are gathered into the four
canonical tables, conformed to :mod:`cpcanalysis.schema`.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from cpcanalysis.errors import CpcError, ParameterError
from cpcanalysis.issues import IssueLog, of_code
from cpcanalysis.manifest import (
    MANIFEST_NAME,
    RAW_FOLDER,
    DocumentEntry,
    check_entry,
    discover,
    infer_entry,
    read_manifest,
)
from cpcanalysis.progress import progress_bar
from cpcanalysis.readers import read_document
from cpcanalysis.schema import conform, schema_of
from cpcanalysis.structure.document import DocumentRecords, structure_document


@dataclass(frozen=True)
class PlanSet:
    """The canonical tables of one or more documents."""

    plans: pl.DataFrame
    recommendations: pl.DataFrame
    actions: pl.DataFrame
    issues: pl.DataFrame

    def failed(self) -> pl.DataFrame:
        """One row per document that could not be loaded (``errors="report"``)."""
        return of_code(self.issues, "not_loaded")

    def tally(self) -> str:
        """One line: documents read, failed, warnings, then what was found, in the wording
        every part of cpcanalysis uses (the CLI, the report, the notebooks)::

            2 documents read, 0 failed, 5 warnings: 19 recommendations (22 with parts), 57 actions

        A recommendation with parts (5a to 5d) counts once; "with parts" counts each part."""
        failed = self.failed().height
        warnings = self.issues.filter(pl.col("severity") == "warning").height
        return (
            f"{self.plans.height} documents read, {failed} failed, {warnings} warnings: "
            f"{self.count_recommendations(self.recommendations)}, {self.actions.height} actions"
        )

    @staticmethod
    def count_recommendations(recommendations: pl.DataFrame) -> str:
        """How many recommendations a frame holds, in words: "19 recommendations (22 with
        parts)", or "19 recommendations" when none has parts (one row per part)."""
        whole = recommendations.select(pl.struct("plan_id", "rec_no").n_unique()).item()
        rows = recommendations.height
        noun = "recommendation" if whole == 1 else "recommendations"
        return f"{whole} {noun}" + (f" ({rows} with parts)" if rows != whole else "")

    def tables(self) -> dict[str, pl.DataFrame]:
        return {
            "plans": self.plans,
            "recommendations": self.recommendations,
            "actions": self.actions,
            "issues": self.issues,
        }

    def with_themes(self, *, overwrite: bool = False) -> PlanSet:
        """The same plans with every recommendation's core element, theme and confidence from
        :func:`cpcanalysis.themes.label` (the one labelling rule: a part is classified on its
        stem and text together), and each action given its recommendation's labels.

        Rows already labelled keep their labels unless ``overwrite``; the classifier is fitted
        once per process, so calling this again costs only the classification.
        """
        from cpcanalysis.themes import label  # scikit-learn loads here, not on import

        recommendations = label(self.recommendations, overwrite=overwrite)
        # one row per recommendation id: a join must never multiply a plan's actions
        themes = recommendations.select("plan_id", "rec_id", "core_element", "theme").unique(
            ["plan_id", "rec_id"], keep="first", maintain_order=True
        )
        actions = self.actions.drop("core_element", "theme").join(
            themes, on=["plan_id", "rec_id"], how="left", maintain_order="left"
        )
        return replace(
            self,
            recommendations=conform(recommendations, "recommendations"),
            actions=conform(actions, "actions"),
        )


ERROR_MODES = ("raise", "report")
PARALLEL_FROM = 8  # fewer documents load faster in one process than the pool takes to start


def load(
    path: str | Path = "data",
    *,
    errors: str = "raise",
    progress: bool | None = None,
    workers: int | None = None,
    max_bytes: int | None = None,
    themes: bool = True,
) -> PlanSet:
    """Load a data folder (``plans.toml`` + ``raw/``) or a single plan file.

    ``errors="raise"`` (the default) raises :class:`cpcanalysis.errors.CpcError`, naming the
    file (and row or column), for the first document that cannot be read; ``errors="report"``
    loads the others and records each failure as an ``error`` row of ``issues`` (see
    :meth:`PlanSet.failed`). ``progress`` shows a progress bar (default: for eight documents or
    more, in a terminal or a notebook); ``workers`` spreads the documents over that many processes
    (default: the machine's cores, for eight documents or more); ``max_bytes`` overrides the size
    limit; ``themes=False`` leaves the theme columns empty (label them later with
    :meth:`PlanSet.with_themes`).

    A single file is read with its ``plans.toml`` entry when it sits in a data folder's ``raw/``
    and the manifest lists it (its council, dates and reading hints apply); otherwise its entry
    is inferred from the file name.
    """
    if errors not in ERROR_MODES:
        raise ParameterError(f"errors={errors!r}; choose one of {list(ERROR_MODES)}")
    entries = _entries(Path(path))
    if max_bytes is not None:
        entries = [replace(e, hints=replace(e.hints, max_bytes=max_bytes)) for e in entries]
    outcomes = run_documents(entries, progress=progress, workers=workers)
    results = []
    for entry, outcome in zip(entries, outcomes, strict=True):
        if isinstance(outcome, CpcError):
            if errors == "raise":
                raise outcome
            results.append(_failure(entry, outcome))
        else:
            results.append(outcome)
    plans = _gather(results)
    return plans.with_themes() if themes else plans


def _entries(path: Path) -> list[DocumentEntry]:
    if path.is_file():
        entry = _manifest_entry(path)
        if entry is not None:
            return [entry]
        return [replace(infer_entry(path, path.parent), relpath=path.name)]
    if not path.is_dir():
        raise CpcError("no such file or folder", path=path)
    listed, unlisted = discover(path)
    if not listed and not unlisted:
        raise CpcError(
            "no plans found: the folder has no plans.toml entries and no files under raw/",
            path=path,
        )
    return listed + unlisted


def _manifest_entry(path: Path) -> DocumentEntry | None:
    """The manifest entry of a file loaded on its own, when it sits in a data folder's raw/
    and plans.toml lists it: its council, dates and reading hints then apply as in a folder
    load."""
    path = path.resolve()
    folder = path.parent.parent
    if path.parent.name != RAW_FOLDER or not (folder / MANIFEST_NAME).is_file():
        return None
    return next((e for e in read_manifest(folder) if e.path.resolve() == path), None)


def _failure(entry: DocumentEntry, error: CpcError) -> DocumentRecords:
    log = IssueLog(entry.plan_id, entry.relpath)
    # named as in the tables' source_path (relative to the data folder), not by its full path
    own_file = error.path is not None and Path(error.path) == Path(entry.path)
    said = error.naming(entry.relpath) if own_file else str(error)
    log.error("not_loaded", said, row=error.row, column=error.column)
    return DocumentRecords(None, [], [], log)


def _load_or_error(entry: DocumentEntry) -> DocumentRecords | CpcError:
    try:
        return load_document(entry)
    except CpcError as error:
        return error


def run_documents(
    entries: list[DocumentEntry], *, progress: bool | None, workers: int | None
) -> list[DocumentRecords | CpcError]:
    """Each entry loaded (or its error), in order; over several processes when worth it."""
    if workers is None:
        workers = (os.cpu_count() or 1) if len(entries) >= PARALLEL_FROM else 1
    bar = progress_bar(len(entries), show=progress)
    try:
        if workers <= 1:
            outcomes = []
            for entry in entries:
                outcomes.append(_load_or_error(entry))
                bar.update()
            return outcomes
        with ProcessPoolExecutor(max_workers=workers) as pool:
            outcomes = []
            for outcome in pool.map(_load_or_error, entries, chunksize=4):
                outcomes.append(outcome)
                bar.update()
            return outcomes
    finally:
        bar.close()


def load_document(entry: DocumentEntry) -> DocumentRecords:
    """Check, read and structure one document."""
    log = IssueLog(entry.plan_id, entry.relpath)
    if entry.in_manifest:
        check_entry(entry)
    else:
        log.warning(
            "not_in_manifest",
            "file has no entry in plans.toml: council and document kind inferred from the "
            "file name, dates unknown; add an entry to record them",
        )
    return structure_document(read_document(entry.path, entry.hints), entry, log)


def _gather(results: list[DocumentRecords]) -> PlanSet:
    plans = _frame([r.plan for r in results if r.plan is not None], "plans")
    recs = [row for r in results for row in r.recommendations]
    actions = [row for r in results for row in r.actions]
    issues = pl.concat([r.issues.frame() for r in results], how="vertical")
    return PlanSet(
        plans=conform(_with_versions(plans), "plans"),
        recommendations=conform(_frame(recs, "recommendations"), "recommendations"),
        actions=conform(_frame(actions, "actions"), "actions"),
        issues=conform(issues, "issues"),
    )


def _frame(rows: list[dict], table: str) -> pl.DataFrame:
    schema = schema_of(table)
    if not rows:
        return pl.DataFrame(schema=schema)
    present = {k for row in rows for k in row}
    return pl.DataFrame(rows, schema={k: v for k, v in schema.items() if k in present})


def _with_versions(plans: pl.DataFrame) -> pl.DataFrame:
    """version = position of each document in its chain, by as-of date then plan_id."""
    chain = pl.coalesce(pl.col("chain"), pl.col("plan_id"))
    order = pl.struct(pl.col("as_of"), pl.col("plan_id"))
    return plans.with_columns(order.rank("dense").over(chain).cast(pl.Int64).alias("version"))
