"""One read document into its canonical records: a plans row, recommendations, actions.

The whole of structure for one document, in order: the rows are grouped under a header
(:func:`.assemble.collect`), recommendations numbered (:func:`.build.number_recommendations`),
action rows divided into actions (:func:`.build.build_actions`), and every record written with
the column names of :mod:`cpcanalysis.schema`. Every repair and doubt goes to the document's
:class:`~cpcanalysis.issues.IssueLog`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from cpcanalysis.errors import StructureError
from cpcanalysis.issues import IssueLog
from cpcanalysis.manifest import DocumentEntry
from cpcanalysis.readers.contract import RawDocument
from cpcanalysis.status import normalise_status
from cpcanalysis.structure.assemble import Collected, collect
from cpcanalysis.structure.build import RecDraft, build_actions, number_recommendations
from cpcanalysis.structure.checks import check_reading
from cpcanalysis.structure.pairing import ActionDraft
from cpcanalysis.structure.roles import ROLES

__all__ = ["DocumentRecords", "action_record", "structure_document"]


@dataclass
class DocumentRecords:
    """One document's rows of the canonical tables (``plan`` is None when it failed)."""

    plan: dict | None
    recommendations: list[dict]
    actions: list[dict]
    issues: IssueLog


def structure_document(doc: RawDocument, entry: DocumentEntry, log: IssueLog) -> DocumentRecords:
    """The canonical records of the document ``doc``, read from ``entry``'s file."""
    for note in doc.notes:
        log.info(note.code, note.message)
    collected = collect(doc, log, header_row=entry.hints.header_row)
    if collected.header is None:
        _refuse_headerless(doc, entry)
    reference = entry.cpc_date
    legend = {**_file_legend(doc.legend, log), **entry.legend}
    recs = number_recommendations(collected, reference, log)
    actions = build_actions(recs, reference=reference, legend=legend, log=log)
    if not recs:
        raise StructureError("the table has a header but no recommendations", path=entry.path)
    for heading in collected.headings:
        log.info(
            "context_heading",
            f"heading kept as context: {heading.cells[0]}",
            row=heading.line,
            table=heading.table,
        )
    base = {"plan_id": entry.plan_id, "council": entry.council}
    provenance = {"source_path": entry.relpath}
    pages = _row_pages(doc, collected.tables)
    action_rows = [
        {
            **base,
            **action_record(rec, no, a),
            **provenance,
            "source_page": pages.get((a.source_table, a.source_row)),
        }
        for rec, no, a in actions
        if not _empty(a)
    ]
    first_page: dict[str, int | None] = {}
    for a in action_rows:
        first_page.setdefault(a["rec_id"], a["source_page"])
    rec_rows = [
        {**base, **_rec_record(r), **provenance, "source_page": first_page.get(r.rec_id)}
        for r in recs
    ]
    plan = _plan_record(entry, doc, collected, recs, len(action_rows))
    plan["n_reading_warnings"] = check_reading(rec_rows, action_rows, doc, log)
    return DocumentRecords(plan, rec_rows, action_rows, log)


def _row_pages(
    doc: RawDocument, tables: frozenset[str | None]
) -> dict[tuple[str | None, int], int]:
    """(table, row number) -> page, for the rows of the plan's tables that a paged format
    (PDF) flags with their page."""
    pages: dict[tuple[str | None, int], int] = {}
    for row in doc.rows:
        flag = next((f for f in row.flags if f.startswith("page ")), None)
        if row.kind == "row" and flag is not None and row.table in tables:
            pages.setdefault((row.table, row.line), int(flag.split()[1]))
    return pages


def _empty(a: ActionDraft) -> bool:
    """An action row with nothing in it (a recommendation's own row): not an action."""
    texts = (a.text, a.deadline_text, a.status_text, a.update_text, a.revised_deadline_text)
    return not any(texts) and not a.other_text and not a.lead and not a.sponsor


_HEADERS_SHOWN = 12  # an error stays one readable line however wide the table


def _refuse_headerless(doc: RawDocument, entry: DocumentEntry) -> None:
    first = next((r for r in doc.rows if r.kind == "row"), None)
    found = list(first.cells) if first else []
    shown = (
        f"{found[:_HEADERS_SHOWN]} and {len(found) - _HEADERS_SHOWN} more"
        if len(found) > _HEADERS_SHOWN
        else f"{found}"
    )
    raise StructureError(
        f"no table with recognisable columns; first row's headers: {shown}",
        path=entry.path,
        row=first.line if first else None,
        hint=f"expected headers naming roles such as {', '.join(ROLES[:4])} "
        "(synonyms in cpcanalysis/data/header_synonyms.csv)",
    )


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


def _rec_record(r: RecDraft) -> dict:
    return {
        "rec_id": r.rec_id,
        "rec_no": r.rec_no,
        "rec_part": r.rec_part,
        "rec_label": r.rec_label,
        "rec_title": r.title,
        "stem": r.stem,
        "text": r.text,
        "source_row": r.source_row,
        "source_rows": r.source_rows,
        "source_table": r.source_table,
    }


# ActionDraft fields that are columns of `actions` as they stand
_AS_IS = tuple(
    f.name for f in fields(ActionDraft) if f.name not in ("deadline", "revised_deadline")
)


def action_record(rec: RecDraft, action_no: int, a: ActionDraft) -> dict:
    """An action's columns: the draft's fields, its deadlines spread into their columns."""
    d, r = a.deadline, a.revised_deadline
    return {
        "rec_id": rec.rec_id,
        "rec_no": rec.rec_no,
        "action_no": action_no,
        **{name: getattr(a, name) for name in _AS_IS},
        "deadline_start": d.start if d else None,
        "deadline_end": d.end if d else None,
        "deadline_kind": d.kind if d else "unknown",
        "deadline_precision": d.precision if d else None,
        "deadline_note": d.note
        if d
        else ("no deadline given" if a.deadline_text is None else None),
        "revised_end": r.end if r else None,
    }


def _plan_record(
    entry: DocumentEntry, doc: RawDocument, collected: Collected, recs: list[RecDraft], n: int
) -> dict:
    title = next((h.cells[0] for h in collected.headings if "h1" in h.flags), None)
    return {
        "plan_id": entry.plan_id,
        "council": entry.council,
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
        "sha256": doc.sha256,
        "in_manifest": entry.in_manifest,
        "n_recommendations": len({r.rec_no for r in recs}),
        "n_actions": n,
    }
