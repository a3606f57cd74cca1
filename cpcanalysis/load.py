"""``load``: a data folder (or one plan file) into the canonical frames.

The only place where documents meet: entries come from the manifest (and inference for unlisted
files), each file is read by its reader, structured, and its records are gathered into the four
canonical tables, conformed to :mod:`cpcanalysis.schema`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from cpcanalysis.errors import CpcError, ParameterError
from cpcanalysis.issues import IssueLog, of_code
from cpcanalysis.manifest import (
    MANIFEST_NAME,
    RAW_FOLDER,
    DocumentEntry,
    RefusedEntry,
    check_entry,
    infer_entry,
    survey,
)
from cpcanalysis.progress import progress_bar
from cpcanalysis.readers import read_document
from cpcanalysis.schema import conform, schema_of
from cpcanalysis.slippage.adoption import adoption_stated
from cpcanalysis.slippage.versions import chain_order
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
    found = _entries(Path(path))
    refused = [e for e in found if isinstance(e, RefusedEntry)]
    if refused and errors == "raise":
        raise refused[0].error  # before any file is read
    entries = [e for e in found if isinstance(e, DocumentEntry)]
    if max_bytes is not None:
        entries = [replace(e, hints=replace(e.hints, max_bytes=max_bytes)) for e in entries]
    outcomes = iter(run_documents(entries, progress=progress, workers=workers))
    results = []
    for entry in found:
        if isinstance(entry, RefusedEntry):
            results.append(_refusal(entry))
            continue
        outcome = next(outcomes)
        if isinstance(outcome, CpcError):
            if errors == "raise":
                raise _named_relatively(entry, outcome) from None
            results.append(_failure(entry, outcome))
        else:
            results.append(outcome)
    plans = _gather(results)
    return plans.with_themes() if themes else plans


def _entries(path: Path) -> list[DocumentEntry | RefusedEntry]:
    if path.is_file():
        entry = _manifest_entry(path)
        if entry is not None:
            return [entry]
        return [replace(infer_entry(path, path.parent), relpath=path.name)]
    if not path.is_dir():
        raise CpcError("no such file or folder", path=path)
    found = survey(path).entries
    if not found:
        raise CpcError(
            "no plans found: the folder has no plans.toml entries and no files under raw/",
            path=path,
        )
    return found


def _manifest_entry(path: Path) -> DocumentEntry | None:
    """The manifest entry of a file loaded on its own, when it sits in a data folder's raw/
    and plans.toml lists it: its council, dates and reading hints then apply as in a folder
    load."""
    path = path.resolve()
    folder = path.parent.parent
    if path.parent.name != RAW_FOLDER or not (folder / MANIFEST_NAME).is_file():
        return None
    return next((e for e in survey(folder).listed if e.path == path), None)


def _refusal(entry: RefusedEntry) -> DocumentRecords:
    """A manifest entry (or a file under raw/) refused before reading: that document's error."""
    log = IssueLog(entry.plan_id, entry.relpath)
    error = entry.error
    # the manifest is named as it sits in the data folder, not by the path it was reached by
    manifest = error.path is not None and Path(error.path).name == MANIFEST_NAME
    log.error("not_loaded", error.naming(MANIFEST_NAME) if manifest else str(error))
    return DocumentRecords(None, [], [], log)


def _named_relatively(entry: DocumentEntry, error: CpcError) -> CpcError:
    """An error about a document's own file names it as the tables do (relative to the data
    folder), not by the machine's full path."""
    own_file = error.path is not None and Path(error.path) == Path(entry.path)
    return error.renamed(entry.relpath) if own_file else error


def _failure(entry: DocumentEntry, error: CpcError) -> DocumentRecords:
    log = IssueLog(entry.plan_id, entry.relpath)
    said = str(_named_relatively(entry, error))
    log.error("not_loaded", said, row=error.row, column=error.column)
    return DocumentRecords(None, [], [], log)


_SAID = 300  # characters of an unexpected exception's message kept in the error


def _load_or_error(entry: DocumentEntry) -> DocumentRecords | CpcError:
    """The document's records, or its error: any exception raised while reading or structuring
    one document is that document's error (a fault in one file never stops a folder load)."""
    try:
        return load_document(entry)
    except CpcError as error:
        return error
    except Exception as exc:  # every document isolated, whatever went wrong in it
        said = str(exc).replace(str(entry.path), entry.relpath)
        if len(said) > _SAID:
            said = said[: _SAID - 3] + "..."
        return CpcError(
            f"could not be read: {type(exc).__name__}: {said}",
            path=entry.path,
            hint="an unexpected fault in cpcanalysis; please report it with the file",
        )


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
        return _in_pool(entries, workers, bar.update)
    finally:
        bar.close()


def _in_pool(
    entries: list[DocumentEntry], workers: int, done: Callable[[], object]
) -> list[DocumentRecords | CpcError]:
    """Each entry loaded in a pool of ``workers`` processes, results in entry order. When a
    worker dies (killed by the system, say for memory), the pool breaks; the entries it had
    not finished are then loaded one process each, so only the document that kills its
    process fails, with an error saying so, and the others load."""
    outcomes: dict[int, DocumentRecords | CpcError] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_load_or_error, entry): i for i, entry in enumerate(entries)}
        try:
            for future in as_completed(futures):
                outcomes[futures[future]] = future.result()
                done()
        except BrokenProcessPool:
            pass
    for i, entry in enumerate(entries):
        if i not in outcomes:
            outcomes[i] = _alone(entry)
            done()
    return [outcomes[i] for i in range(len(entries))]


def _alone(entry: DocumentEntry) -> DocumentRecords | CpcError:
    """One entry loaded in a process of its own; its error if that process dies."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(_load_or_error, entry).result()
        except BrokenProcessPool:
            return CpcError(
                "could not be read: the process reading it died (killed by the system, "
                "perhaps for lack of memory)",
                path=entry.path,
                hint="load it alone (workers=1) to see what happens, or raise the memory limit",
            )


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
    if entry.renamed is not None:
        log.warning("plan_id_renamed", entry.renamed)
    doc = read_document(entry.path, entry.hints)
    records = structure_document(doc, entry, log)
    if records.plan is not None:
        stated = adoption_stated(doc)
        records.plan.update(
            version=entry.version,
            adoption_stated=stated.date if stated else None,
            adoption_evidence=stated.evidence if stated else None,
        )
    return records


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
    """version = the manifest's version, else the document's place in its chain by as-of date
    (then plan_id): the one chain order of :func:`cpcanalysis.slippage.versions.chain_order`."""
    order = chain_order(plans).select("plan_id", pl.col("version").alias("_filled"))
    return (
        plans.join(order, on="plan_id", how="left", maintain_order="left")
        .with_columns(pl.col("_filled").alias("version"))
        .drop("_filled")
    )
