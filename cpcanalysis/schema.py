"""The canonical schema, declared once.

Every table the package produces is described here: column names, polars dtypes, meaning and,
for categorical columns, the allowed values. Validation, empty frames and the data dictionary in
``docs/data-dictionary.md`` are all derived from these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

CORE_ELEMENTS: tuple[str, ...] = (
    "Local priorities and outcomes",
    "Organisational and place leadership",
    "Governance and culture",
    "Financial planning and management",
    "Capacity for improvement",
)
DOCUMENT_KINDS: tuple[str, ...] = ("action_plan", "tracker", "progress_review")
DEADLINE_KINDS: tuple[str, ...] = (
    "date",
    "period",
    "open_ended",
    "ongoing",
    "complete",
    "relative",
    "unknown",
)
STATUSES: tuple[str, ...] = (
    "complete",
    "on_track",
    "at_risk",
    "off_track",
    "not_started",
    "unknown",
)
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")


@dataclass(frozen=True)
class Field:
    name: str
    dtype: pl.DataType | type[pl.DataType]
    description: str
    allowed: tuple[str, ...] | None = None
    nullable: bool = True


def _f(name, dtype, description, allowed=None, nullable=True) -> Field:
    return Field(name, dtype, description, allowed, nullable)


_STR = pl.String
_LIST_STR = pl.List(pl.String)

_PROVENANCE = (
    _f(
        "source_path", _STR, "Path of the source file, relative to the data folder.", nullable=False
    ),
    _f(
        "source_row",
        pl.Int64,
        "1-based line (text formats) or row (sheets, tables) in the source file where the value "
        "was first read.",
    ),
)

TABLES: dict[str, tuple[Field, ...]] = {
    "plans": (
        _f("plan_id", _STR, "Identifier of the document, unique in a data folder.", nullable=False),
        _f("council", _STR, "Council name.", nullable=False),
        _f("council_code", _STR, "ONS code of the council (e.g. E07000121)."),
        _f("council_type", _STR, "Council type (e.g. non-metropolitan district)."),
        _f("region", _STR, "Region or county of the council."),
        _f("document_kind", _STR, "What the document is.", DOCUMENT_KINDS, nullable=False),
        _f(
            "cpc_date",
            pl.Date,
            "Date of the peer challenge visit (first of the month when only the month is known).",
        ),
        _f("as_of", pl.Date, "Date the document's statuses and updates speak for."),
        _f("published", pl.Date, "Date the document was published or adopted, when known."),
        _f("title", _STR, "Title of the document, from the manifest or the file."),
        _f("file_title", _STR, "Title as printed in the file (a top-level heading), if any."),
        _f("chain", _STR, "Identifier linking successive versions of one CPC's plan."),
        _f("version", pl.Int64, "Position of the document in its chain (1 = first)."),
        _f(
            "source_path",
            _STR,
            "Path of the source file, relative to the data folder.",
            nullable=False,
        ),
        _f(
            "source_format",
            _STR,
            "Format the file was read as (tsv, csv, markdown, ...).",
            nullable=False,
        ),
        _f("sha256", _STR, "SHA-256 of the source file's bytes.", nullable=False),
        _f(
            "in_manifest",
            pl.Boolean,
            "Whether the document has a manifest entry (False: metadata inferred from the file).",
            nullable=False,
        ),
        _f(
            "n_recommendations",
            pl.Int64,
            "Number of distinct recommendations (rec_no).",
            nullable=False,
        ),
        _f("n_actions", pl.Int64, "Number of actions.", nullable=False),
    ),
    "recommendations": (
        _f("plan_id", _STR, "Document the recommendation was read from.", nullable=False),
        _f("council", _STR, "Council name.", nullable=False),
        _f("rec_id", _STR, "Label as printed or inferred, e.g. '5' or '5c'.", nullable=False),
        _f("rec_no", pl.Int64, "The recommendation's number, 1..N.", nullable=False),
        _f(
            "rec_part",
            _STR,
            "Letter of a sub-part ('a', 'b', ...) when a recommendation is a stem with parts.",
        ),
        _f(
            "rec_label",
            _STR,
            "The number or label exactly as printed ('5.', 'R1:'), null when "
            "inferred from position.",
        ),
        _f("stem", _STR, "The shared stem of a recommendation with parts ('... by:')."),
        _f("text", _STR, "The recommendation's text, numbering removed.", nullable=False),
        _f(
            "core_element",
            _STR,
            "LGA CPC core element the recommendation is classified into.",
            CORE_ELEMENTS,
        ),
        _f("theme", _STR, "Finer theme (see docs/methods.md)."),
        _f("theme_confidence", pl.Float64, "Classifier confidence for the theme, 0..1."),
        *_PROVENANCE,
        _f("source_rows", pl.List(pl.Int64), "Every source row that contributed text."),
    ),
    "actions": (
        _f("plan_id", _STR, "Document the action was read from.", nullable=False),
        _f("council", _STR, "Council name.", nullable=False),
        _f(
            "rec_id",
            _STR,
            "Recommendation the action answers (see recommendations.rec_id).",
            nullable=False,
        ),
        _f("rec_no", pl.Int64, "Recommendation number.", nullable=False),
        _f(
            "action_no",
            pl.Int64,
            "1-based position of the action within its recommendation.",
            nullable=False,
        ),
        _f("text", _STR, "The action as published (one item of a list cell)."),
        _f("deadline_text", _STR, "The deadline as published."),
        _f("deadline_start", pl.Date, "Start of the deadline period."),
        _f("deadline_end", pl.Date, "The due date: last day of the deadline period."),
        _f("deadline_kind", _STR, "How the deadline reads.", DEADLINE_KINDS, nullable=False),
        _f(
            "deadline_precision",
            _STR,
            "Granularity of the deadline (day, month, quarter, season, year, ...).",
        ),
        _f(
            "deadline_note",
            _STR,
            "What the deadline parser assumed, or why it could not read the text.",
        ),
        _f("revised_deadline_text", _STR, "A revised deadline as published in its own column."),
        _f("revised_end", pl.Date, "Due date of the revised deadline column, when there is one."),
        _f("lead", _LIST_STR, "Lead officer(s) responsible for the action."),
        _f(
            "sponsor",
            _LIST_STR,
            "Accountable senior officer(s) or member(s) (Chief Officer, SRO, portfolio holder).",
        ),
        _f("status_text", _STR, "Status as published."),
        _f(
            "status",
            _STR,
            "Status normalised to the six-value vocabulary.",
            STATUSES,
            nullable=False,
        ),
        _f(
            "update_text",
            _STR,
            "Progress update, including update text that spilled into other columns.",
        ),
        _f("other_text", _STR, "Cells from columns with no recognised role, as 'Header: value'."),
        _f(
            "section",
            _STR,
            "Grouping heading the action sat under, as printed ('SRO: Jane Smith', a theme).",
        ),
        _f(
            "refers_to",
            _STR,
            "rec_id of the recommendation the action points to instead of stating its own "
            "('to be addressed through R2 above').",
        ),
        _f("core_element", _STR, "Core element of the action's recommendation.", CORE_ELEMENTS),
        _f("theme", _STR, "Theme of the action's recommendation."),
        *_PROVENANCE,
        _f("source_rows", pl.List(pl.Int64), "Every source row that contributed a value."),
    ),
    "issues": (
        _f("plan_id", _STR, "Document concerned.", nullable=False),
        *_PROVENANCE,
        _f("column", _STR, "Source column concerned, as headed in the file."),
        _f(
            "severity",
            _STR,
            "info: a repair was made; warning: ambiguous or unreadable; "
            "error: the document could not be used.",
            SEVERITIES,
            nullable=False,
        ),
        _f("message", _STR, "What was found and what was done.", nullable=False),
    ),
    "slippage": (
        _f("plan_id", _STR, "Document the action was read from.", nullable=False),
        _f("rec_id", _STR, "Recommendation the action answers.", nullable=False),
        _f("action_no", pl.Int64, "Position of the action in its recommendation.", nullable=False),
        *_PROVENANCE,
        _f("as_of", pl.Date, "Date judged at: the as_of given, else the document's as-of date."),
        _f(
            "days_after_document",
            pl.Int64,
            "Days from the document's own as-of date to the date judged at, when that is later "
            "(its statuses may be out of date by then); null when judged at the document's date "
            "or it has none.",
        ),
        _f(
            "deadline_class",
            _STR,
            "dated (day, week, month, quarter), vague (season, part, half, year, financial "
            "year), ongoing, open_ended, undated (no due date, 'Complete', unreadable).",
            ("dated", "vague", "ongoing", "open_ended", "undated"),
            nullable=False,
        ),
        _f(
            "is_overdue",
            pl.Boolean,
            "Dated deadline before the as-of date and status not complete; null when the "
            "deadline is not dated or the as-of date is unknown.",
        ),
        _f("days_overdue", pl.Int64, "Days from the due date to the as-of date, when overdue."),
        _f("optimistic", pl.Boolean, "Overdue yet rated on track (green); null like is_overdue."),
        _f(
            "original_end",
            pl.Date,
            "First published due date: the deadline_end of the action's earliest version.",
        ),
        _f(
            "revised_end",
            pl.Date,
            "Latest revised due date: the revised-deadline column, unless the update text "
            "signals a later date; else a later date signalled in the update text; else the due "
            "date if it moved since the earliest version; else a revision read in an earlier "
            "version, carried forward.",
        ),
        _f(
            "revision_source",
            _STR,
            "Where revised_end was read.",
            ("column", "version", "update_text"),
        ),
        _f("revision_evidence", _STR, "The text revised_end was read from."),
        _f("slippage_days", pl.Int64, "revised_end minus original_end, in days."),
        _f(
            "revision_count",
            pl.Int64,
            "Distinct due dates other than original_end seen for the action in this and "
            "earlier versions (columns, update text, moved deadlines).",
            nullable=False,
        ),
        _f(
            "lineage_id",
            _STR,
            "Identifier shared by one action across versions: 'plan_id/rec_id/action_no' of "
            "its earliest version.",
            nullable=False,
        ),
        _f("match_score", pl.Float64, "Score (0..1) of the match to the previous version."),
        _f(
            "relabelled_ongoing",
            pl.Boolean,
            "Had a due date in the previous version, ongoing or open-ended in this one.",
        ),
    ),
    "version_matches": (
        _f("chain", _STR, "Chain of documents of one CPC.", nullable=False),
        _f("plan_id", _STR, "The later document of the pair.", nullable=False),
        _f("prior_plan_id", _STR, "The earlier document of the pair.", nullable=False),
        _f(
            "outcome",
            _STR,
            "matched; added (only in the later document); dropped (only in the earlier).",
            ("matched", "added", "dropped"),
            nullable=False,
        ),
        _f("match_score", pl.Float64, "Match score 0..1 (see docs/methods.md)."),
        _f("text_similarity", pl.Float64, "rapidfuzz token_sort_ratio / 100 of the two texts."),
        _f("rec_id", _STR, "Later action's recommendation (null when dropped)."),
        _f("action_no", pl.Int64, "Later action's position."),
        _f("source_path", _STR, "Later action's source file."),
        _f("source_row", pl.Int64, "Later action's source row."),
        _f("text", _STR, "Later action's text."),
        _f("deadline_text", _STR, "Later action's deadline as published."),
        _f("deadline_end", pl.Date, "Later action's due date."),
        _f("deadline_kind", _STR, "Later action's deadline kind.", DEADLINE_KINDS),
        _f("prior_rec_id", _STR, "Earlier action's recommendation (null when added)."),
        _f("prior_action_no", pl.Int64, "Earlier action's position."),
        _f("prior_source_path", _STR, "Earlier action's source file."),
        _f("prior_source_row", pl.Int64, "Earlier action's source row."),
        _f("prior_text", _STR, "Earlier action's text."),
        _f("prior_deadline_text", _STR, "Earlier action's deadline as published."),
        _f("prior_deadline_end", pl.Date, "Earlier action's due date."),
        _f("prior_deadline_kind", _STR, "Earlier action's deadline kind.", DEADLINE_KINDS),
        _f("deadline_shift_days", pl.Int64, "Later due date minus earlier due date, in days."),
        _f(
            "relabelled_ongoing",
            pl.Boolean,
            "Matched, had a due date, now ongoing or open-ended.",
        ),
    ),
    "slippage_summary": (
        _f("scope", _STR, "plan: one document; council: roll-up.", ("plan", "council"), False),
        _f("council", _STR, "Council name.", nullable=False),
        _f("plan_id", _STR, "The document (null on council rows)."),
        _f("plans", _LIST_STR, "Documents summarised (council: latest per chain).", None, False),
        _f("source_path", _STR, "Source file of the document (null on council rows)."),
        _f("chain", _STR, "Chain of the document(s)."),
        _f("version", pl.Int64, "Position of the document in its chain."),
        _f("document_kind", _STR, "What the document is.", DOCUMENT_KINDS),
        _f("as_of", pl.Date, "Date judged at (the latest, on council rows)."),
        _f("n_actions", pl.Int64, "Actions.", nullable=False),
        _f("share_complete", pl.Float64, "Share of actions with status complete."),
        _f("n_overdue", pl.Int64, "Actions overdue at the as-of date (null: no as-of date)."),
        _f("share_overdue", pl.Float64, "Overdue actions over all actions."),
        _f("median_days_overdue", pl.Float64, "Median days overdue of overdue actions."),
        _f("share_dated", pl.Float64, "Share of actions with a dated deadline."),
        _f("share_vague", pl.Float64, "Share with a vague deadline (season, year, ...)."),
        _f("share_ongoing", pl.Float64, "Share with an ongoing deadline."),
        _f("share_open_ended", pl.Float64, "Share with an open-ended deadline ('... onwards')."),
        _f("share_undated", pl.Float64, "Share with no usable deadline."),
        _f("n_revised", pl.Int64, "Actions with revision_count > 0.", nullable=False),
        _f("n_revisions", pl.Int64, "Sum of revision_count.", nullable=False),
        _f("median_slippage_days", pl.Float64, "Median slippage_days of revised actions."),
        _f("n_due", pl.Int64, "Dated actions due before the as-of date (null: no as-of date)."),
        _f(
            "schedule_index",
            pl.Float64,
            "Actions due before the as-of date and complete, over actions due before it.",
        ),
        _f("n_optimistic", pl.Int64, "Overdue actions rated on track (null: no as-of date)."),
        _f("share_optimistic", pl.Float64, "Optimistic actions over overdue actions."),
        _f("n_relabelled_ongoing", pl.Int64, "Actions relabelled ongoing.", nullable=False),
        _f("cpc_date", pl.Date, "Date of the peer challenge visit."),
        _f("plan_published", pl.Date, "Publication date of the chain's first document."),
        _f("days_to_plan", pl.Int64, "Days from the CPC to plan_published."),
        _f("plan_within_3_months", pl.Boolean, "Plan published within 3 months of the CPC."),
        _f("plan_within_5_months", pl.Boolean, "Plan published within 5 months of the CPC."),
        _f("review_date", pl.Date, "As-of date of the chain's progress review document."),
        _f("days_to_review", pl.Int64, "Days from the CPC to review_date."),
        _f(
            "review_about_10_months",
            pl.Boolean,
            "Progress review 8 to 12 months after the CPC (LGA: about 10).",
        ),
    ),
}


def schema_of(table: str) -> pl.Schema:
    """The polars schema of a canonical table."""
    return pl.Schema({f.name: f.dtype for f in TABLES[table]})


def empty_frame(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=schema_of(table))


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Order and cast ``frame``'s columns to the declared schema, refusing unknown or bad values.

    Columns the schema declares but the frame lacks are added as nulls; a column the schema does
    not declare is an error (every produced column must be declared).
    """
    from cpcanalysis.errors import CpcError

    fields = TABLES[table]
    names = [f.name for f in fields]
    extra = [c for c in frame.columns if c not in names]
    if extra:
        msg = f"table {table!r} has undeclared columns {extra}; declare them in schema.py"
        raise CpcError(msg)
    frame = frame.with_columns(
        pl.lit(None, dtype=f.dtype).alias(f.name) for f in fields if f.name not in frame.columns
    )
    frame = frame.select(pl.col(f.name).cast(f.dtype) for f in fields)
    for f in fields:
        if f.allowed is not None:
            bad = frame.filter(pl.col(f.name).is_not_null() & ~pl.col(f.name).is_in(f.allowed))
            if bad.height:
                msg = (
                    f"table {table!r} column {f.name!r} holds {bad[f.name][0]!r}, "
                    f"expected one of {list(f.allowed)}"
                )
                raise CpcError(msg)
        if not f.nullable and frame[f.name].null_count():
            msg = f"table {table!r} column {f.name!r} has nulls but is declared not nullable"
            raise CpcError(msg)
    return frame
