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

from cpcanalysis.errors import CpcError, ParameterError, StructureError
from cpcanalysis.issues import IssueLog, of_code
from cpcanalysis.manifest import (
    MANIFEST_NAME,
    RAW_FOLDER,
    DocumentEntry,
    check_entry,
    discover,
    file_sha256,
    infer_entry,
    read_manifest,
)
from cpcanalysis.progress import progress_bar
from cpcanalysis.readers import read_document
from cpcanalysis.schema import conform
from cpcanalysis.status import normalise_status
from cpcanalysis.structure.assemble import collect
from cpcanalysis.structure.build import build_actions, number_recommendations
from cpcanalysis.structure.roles import ROLES


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
        """One line: documents read, failed, warnings."""
        failed = self.failed().height
        warnings = self.issues.filter(pl.col("severity") == "warning").height
        return (
            f"{self.plans.height} documents read, {failed} failed, {warnings} warnings "
            f"({self.recommendations.height} recommendations, {self.actions.height} actions)"
        )

    def tables(self) -> dict[str, pl.DataFrame]:
        return {
            "plans": self.plans,
            "recommendations": self.recommendations,
            "actions": self.actions,
            "issues": self.issues,
        }


@dataclass
class DocumentResult:
    plan: dict
    recommendations: list[dict]
    actions: list[dict]
    issues: IssueLog


ERROR_MODES = ("raise", "report")
PARALLEL_FROM = 8  # fewer documents load faster in one process than the pool takes to start


def load(
    path: str | Path = "data",
    *,
    errors: str = "raise",
    progress: bool | None = None,
    workers: int | None = None,
    max_bytes: int | None = None,
) -> PlanSet:
    """Load a data folder (``plans.toml`` + ``raw/``) or a single plan file.

    ``errors="raise"`` (the default) raises :class:`cpcanalysis.errors.CpcError`, naming the
    file (and row or column), for the first document that cannot be read; ``errors="report"``
    loads the others and records each failure as an ``error`` row of ``issues`` (see
    :meth:`PlanSet.failed`). ``progress`` shows a progress bar (default: for eight documents or
    more, in a terminal or a notebook); ``workers`` spreads the documents over that many processes
    (default: the machine's cores, for eight documents or more); ``max_bytes`` overrides the size
    limit.

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
    return _gather(results)


def _entries(path: Path) -> list[DocumentEntry]:
    if path.is_file():
        listed = _manifest_entry(path)
        if listed is not None:
            return [listed]
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


def _failure(entry: DocumentEntry, error: CpcError) -> DocumentResult:
    log = IssueLog(entry.plan_id, entry.relpath)
    # named as in the tables' source_path (relative to the data folder), not by its full path
    own_file = error.path is not None and Path(error.path) == Path(entry.path)
    said = error.naming(entry.relpath) if own_file else str(error)
    log.error("not_loaded", said, row=error.row, column=error.column)
    return DocumentResult(None, [], [], log)


def _load_or_error(entry: DocumentEntry) -> DocumentResult | CpcError:
    try:
        return load_document(entry)
    except CpcError as error:
        return error


def run_documents(
    entries: list[DocumentEntry], *, progress: bool | None, workers: int | None
) -> list[DocumentResult | CpcError]:
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


def load_document(entry: DocumentEntry) -> DocumentResult:
    """Read and structure one document."""
    log = IssueLog(entry.plan_id, entry.relpath)
    if entry.in_manifest:
        check_entry(entry)
    else:
        log.warning(
            "not_in_manifest",
            "file has no entry in plans.toml: council and document kind inferred from the "
            "file name, dates unknown; add an entry to record them",
        )
    doc = read_document(entry.path, entry.hints)
    for note in doc.notes:
        log.info(note.code, note.message)
    collected = collect(doc, log, header_row=entry.hints.header_row)
    if collected.header is None:
        first = next((r for r in doc.rows if r.kind == "row"), None)
        found = list(first.cells) if first else []
        raise StructureError(
            f"no table with recognisable columns; first row's headers: {found}",
            path=entry.path,
            row=first.line if first else None,
            hint=f"expected headers naming roles such as {', '.join(ROLES[:4])} "
            "(synonyms in cpcanalysis/data/header_synonyms.csv)",
        )
    reference = entry.cpc_date
    legend = {**_file_legend(doc.legend, log), **entry.legend}
    recs = number_recommendations(collected, reference, log)
    actions = build_actions(recs, reference=reference, legend=legend, log=log)
    if not recs:
        raise StructureError("the table has a header but no recommendations", path=entry.path)
    for heading in collected.headings:
        log.info(
            "context_heading", f"heading kept as context: {heading.cells[0]}", row=heading.line
        )
    title = next((h.cells[0] for h in collected.headings if "h1" in h.flags), None)
    base = {"plan_id": entry.plan_id, "council": entry.council}
    rec_rows = [
        {
            **base,
            "rec_id": r.rec_id,
            "rec_no": r.rec_no,
            "rec_part": r.rec_part,
            "rec_label": r.rec_label,
            "stem": r.stem,
            "text": r.text,
            "source_path": entry.relpath,
            "source_row": r.source_row,
            "source_rows": r.source_rows,
        }
        for r in recs
    ]
    action_rows = [_action_record(base, entry, rec, no, a) for rec, no, a in actions]
    plan = {
        **base,
        "council_code": entry.council_code,
        "council_type": entry.council_type,
        "region": entry.region,
        "document_kind": entry.document_kind,
        "cpc_date": entry.cpc_date,
        "as_of": entry.as_of,
        "published": entry.published,
        "chain": entry.chain,
        "title": entry.title or title,
        "file_title": title,
        "source_path": entry.relpath,
        "source_format": doc.format,
        "sha256": file_sha256(entry.path),
        "in_manifest": entry.in_manifest,
        "n_recommendations": len({r.rec_no for r in recs}),
        "n_actions": len(action_rows),
    }
    return DocumentResult(plan, rec_rows, action_rows, log)


def _file_legend(found: dict[str, str], log: IssueLog) -> dict[str, str]:
    """A legend printed in the file (label -> meaning as written), as label -> status.

    A meaning that does not read as one status is left out, and the default reading of that
    label applies; the manifest's ``legend`` hint overrides either way.
    """
    legend = {}
    for colour, meaning in found.items():
        status = normalise_status(meaning)
        if status == "unknown":
            log.info(
                "legend_unread",
                f"legend in the file: {colour!r} = {meaning!r} names no status; ignored",
            )
        else:
            legend[colour] = status
            log.info(
                "legend_read", f"legend in the file: {colour!r} = {meaning!r}, read as {status}"
            )
    return legend


def _action_record(base: dict, entry: DocumentEntry, rec, action_no: int, a) -> dict:
    d, r = a.deadline, a.revised
    return {
        **base,
        "rec_id": rec.rec_id,
        "rec_no": rec.rec_no,
        "action_no": action_no,
        "text": a.text,
        "deadline_text": a.deadline_text,
        "deadline_start": d.start if d else None,
        "deadline_end": d.end if d else None,
        "deadline_kind": d.kind if d else "unknown",
        "deadline_precision": d.precision if d else None,
        "deadline_note": d.note
        if d
        else ("no deadline given" if a.deadline_text is None else None),
        "revised_deadline_text": a.revised_text,
        "revised_end": r.end if r else None,
        "lead": a.lead,
        "sponsor": a.sponsor,
        "status_text": a.status_text,
        "status": a.status,
        "update_text": a.update_text,
        "other_text": a.other_text,
        "section": a.section,
        "refers_to": a.refers_to,
        "source_path": entry.relpath,
        "source_row": a.source_row,
        "source_rows": a.source_rows,
    }


def _gather(results: list[DocumentResult]) -> PlanSet:
    plans = _frame([r.plan for r in results if r.plan is not None], "plans")
    plans = _with_versions(plans)
    recs = [row for r in results for row in r.recommendations]
    actions = [row for r in results for row in r.actions]
    issues = pl.concat([r.issues.frame() for r in results], how="vertical")
    # scikit-learn loads here, not on `import cpcanalysis` (nor in reading workers)
    from cpcanalysis.themes import label

    recommendations = label(conform(_frame(recs, "recommendations"), "recommendations"))
    themes = recommendations.select("plan_id", "rec_id", "core_element", "theme")
    actions = (
        _frame(actions, "actions")
        .drop("core_element", "theme", strict=False)
        .join(themes, on=["plan_id", "rec_id"], how="left", maintain_order="left")
    )
    return PlanSet(
        plans=conform(plans, "plans"),
        recommendations=conform(recommendations, "recommendations"),
        actions=conform(actions, "actions"),
        issues=conform(issues, "issues"),
    )


def _frame(rows: list[dict], table: str) -> pl.DataFrame:
    from cpcanalysis.schema import schema_of

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
