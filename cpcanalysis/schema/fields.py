"""The field dictionary: every column cpcanalysis produces, declared once.

A :class:`Field` is a column's name, polars dtype, plain-English label (what a report, a
workbook or a chart calls it), display format, meaning and, for coded columns, its vocabulary.
Tables (:mod:`.tables`) are lists of these names; where one table gives a field a narrower
meaning (``as_of`` judged at, in the slippage tables) the table says so beside the name.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cpcanalysis.schema.vocabularies import (
    CORE_ELEMENTS,
    DEADLINE_CLASSES,
    DEADLINE_KINDS,
    DOCUMENT_KINDS,
    ISSUE_CODES,
    MATCH_OUTCOMES,
    PLAN_DATE_SOURCES,
    REVISION_SOURCES,
    SEVERITIES,
    STATUSES,
    SUMMARY_SCOPES,
    Vocabulary,
)

FORMATS = ("text", "integer", "number", "percent", "date", "boolean", "list", "code", "score")
"""How a field's values are shown: ``percent`` is a share in 0..1 shown as 18.5%, ``code`` a
vocabulary code shown by its label, ``score`` a number in 0..1 shown with two decimals."""


@dataclass(frozen=True)
class Field:
    name: str
    dtype: pl.DataType | type[pl.DataType]
    label: str
    description: str
    format: str = "text"
    vocabulary: Vocabulary | None = None
    nullable: bool = True  # as a table uses it (see tables.Column)

    @property
    def allowed(self) -> tuple[str, ...] | None:
        return self.vocabulary.codes if self.vocabulary is not None else None


_STR, _DATE, _INT, _FLOAT, _BOOL = pl.String, pl.Date, pl.Int64, pl.Float64, pl.Boolean
_LIST_STR, _LIST_INT = pl.List(pl.String), pl.List(pl.Int64)

_DECLARED: tuple[Field, ...] = (
    # --- documents ------------------------------------------------------------------------
    Field("plan_id", _STR, "Document", "Identifier of the document, unique in a data folder."),
    Field("council", _STR, "Council", "Council name."),
    Field("council_code", _STR, "ONS code", "ONS code of the council (e.g. E07000121)."),
    Field("council_type", _STR, "Council type", "Council type (e.g. non-metropolitan district)."),
    Field("region", _STR, "Region", "Region or county of the council."),
    Field(
        "document_kind",
        _STR,
        "Kind",
        "What the document is.",
        "code",
        DOCUMENT_KINDS,
    ),
    Field(
        "cpc_date",
        _DATE,
        "CPC date",
        "Date of the peer challenge visit (first of the month when only the month is known).",
        "date",
    ),
    Field("as_of", _DATE, "As of", "Date the document's statuses and updates speak for.", "date"),
    Field(
        "published",
        _DATE,
        "Published",
        "Date the document was published or adopted, when known.",
        "date",
    ),
    Field(
        "adoption_stated",
        _DATE,
        "Adoption stated",
        "Date the document says the action plan was agreed or adopted (the first day of a month "
        "stated alone), when it says so.",
        "date",
    ),
    Field(
        "adoption_evidence",
        _STR,
        "Adoption as stated",
        "Where the adoption date was read, and the sentence ('row 3: ...').",
    ),
    Field("title", _STR, "Title", "Title of the document, from the manifest or the file."),
    Field(
        "file_title",
        _STR,
        "Title in the file",
        "Title as printed in the file (a top-level heading), if any.",
    ),
    Field("chain", _STR, "Chain", "Identifier linking successive versions of one CPC's plan."),
    Field(
        "version",
        _INT,
        "Version",
        "Position of the document in its chain (1 = first): the manifest's version, else its "
        "place by as-of date.",
        "integer",
    ),
    Field(
        "source_path", _STR, "Source file", "Path of the source file, relative to the data folder."
    ),
    Field(
        "source_table",
        _STR,
        "Table",
        "The table of the source file that source_row counts within: a sheet's name, or 'table "
        "N' (the Nth table of a Word, HTML or PDF document, a PDF table continued over pages "
        "counted once); null for text formats and for a heading outside every table.",
    ),
    Field(
        "source_row",
        _INT,
        "Row",
        "1-based line (text formats) or row (sheets, tables) in the source file where the value "
        "was first read; a row of a document of several tables counts within its source_table.",
        "integer",
    ),
    Field(
        "source_page",
        _INT,
        "Page",
        "Page of the source file where the row was printed (PDF), so a value can be found in a "
        "committee report of many pages; null for formats without pages.",
        "integer",
    ),
    Field(
        "source_rows",
        _LIST_INT,
        "Rows",
        "Every source row that contributed a value.",
        "list",
    ),
    Field(
        "source_format",
        _STR,
        "Format",
        "Format the file was read as (tsv, csv, markdown, ...).",
    ),
    Field("sha256", _STR, "SHA-256", "SHA-256 of the source file's bytes."),
    Field(
        "in_manifest",
        _BOOL,
        "In plans.toml",
        "Whether the document has a manifest entry (False: metadata inferred from the file).",
        "boolean",
    ),
    Field(
        "n_recommendations",
        _INT,
        "Recommendations",
        "Number of distinct recommendations (rec_no; the parts of a recommendation count once).",
        "integer",
    ),
    Field("n_actions", _INT, "Actions", "Number of actions.", "integer"),
    Field(
        "n_reading_warnings",
        _INT,
        "Reading warnings",
        "Warnings of the reading checks (duplicate_action, no_actions, page_break_split, ...): "
        "signs the document may have been read wrong; 0 when it read cleanly.",
        "integer",
    ),
    # --- recommendations ------------------------------------------------------------------
    Field("rec_id", _STR, "No.", "Recommendation label as printed or inferred, e.g. '5' or '5c'."),
    Field("rec_no", _INT, "Recommendation number", "The recommendation's number, 1..N.", "integer"),
    Field(
        "rec_part",
        _STR,
        "Part",
        "Letter of a sub-part ('a', 'b', ...) when a recommendation is a stem with parts.",
    ),
    Field(
        "rec_label",
        _STR,
        "Label as printed",
        "The number or label exactly as printed ('5.', 'R1:'), null when inferred from position.",
    ),
    Field(
        "rec_title",
        _STR,
        "Title",
        "A short title printed with the label ('Recommendation 2 – Financial resilience'), when "
        "the recommendation's text follows below it.",
    ),
    Field("stem", _STR, "Stem", "The shared stem of a recommendation with parts ('... by:')."),
    Field(
        "text",
        _STR,
        "Text",
        "The text as published: a recommendation with its numbering removed, or an action (one "
        "item of a list cell).",
    ),
    Field(
        "core_element",
        _STR,
        "Core element",
        "LGA CPC core element the recommendation is classified into.",
        "code",
        CORE_ELEMENTS,
    ),
    Field("theme", _STR, "Theme", "Finer theme (see docs/methods.md)."),
    Field(
        "theme_confidence",
        _FLOAT,
        "Confidence",
        "Classifier confidence for the theme, 0..1.",
        "score",
    ),
    Field(
        "core_element_confidence",
        _FLOAT,
        "Element confidence",
        "Classifier probability of the core element, 0..1 (the probabilities of its themes "
        "summed); below 0.5 the first choice is unsure (see docs/methods.md).",
        "score",
    ),
    Field(
        "core_element_2",
        _STR,
        "Second choice",
        "The classifier's second choice of core element: the next most probable one.",
        "code",
        CORE_ELEMENTS,
    ),
    Field(
        "core_element_2_confidence",
        _FLOAT,
        "Second choice confidence",
        "Classifier probability of the second-choice core element, 0..1.",
        "score",
    ),
    # --- actions --------------------------------------------------------------------------
    Field(
        "action_no",
        _INT,
        "Action",
        "1-based position of the action within its recommendation (or part: 5a, 5b, ...).",
        "integer",
    ),
    Field("deadline_text", _STR, "Deadline as published", "The deadline as published."),
    Field("deadline_start", _DATE, "Deadline from", "Start of the deadline period.", "date"),
    Field(
        "deadline_end",
        _DATE,
        "Due date",
        "The due date: last day of the deadline period.",
        "date",
    ),
    Field(
        "deadline_kind",
        _STR,
        "Deadline kind",
        "How the deadline reads.",
        "code",
        DEADLINE_KINDS,
    ),
    Field(
        "deadline_precision",
        _STR,
        "Deadline precision",
        "Granularity of the deadline (day, month, quarter, season, year, ...).",
    ),
    Field(
        "deadline_note",
        _STR,
        "Deadline note",
        "What the deadline parser assumed, or why it could not read the text.",
    ),
    Field(
        "revised_deadline_text",
        _STR,
        "Revised deadline as published",
        "A revised deadline as published in its own column.",
    ),
    Field(
        "revised_end",
        _DATE,
        "Revised due date",
        "Due date of the revised-deadline column, when there is one.",
        "date",
    ),
    Field("lead", _LIST_STR, "Lead", "Lead officer(s) responsible for the action.", "list"),
    Field(
        "sponsor",
        _LIST_STR,
        "Sponsor",
        "Accountable senior officer(s) or member(s) (Chief Officer, SRO, portfolio holder).",
        "list",
    ),
    Field("status_text", _STR, "Status as published", "Status as published."),
    Field(
        "status",
        _STR,
        "Status",
        "Status normalised to the six-value vocabulary.",
        "code",
        STATUSES,
    ),
    Field(
        "update_text",
        _STR,
        "Update",
        "Progress update, including update text that spilled into other columns.",
    ),
    Field(
        "other_text",
        _STR,
        "Other columns",
        "Cells from columns with no recognised role, as 'Header: value'.",
    ),
    Field(
        "section",
        _STR,
        "Section",
        "Grouping heading the action sat under, as printed ('SRO: Jane Smith', a theme).",
    ),
    Field(
        "refers_to",
        _STR,
        "Refers to",
        "rec_id of the recommendation the action points to instead of stating its own "
        "('to be addressed through R2 above').",
    ),
    # --- issues ---------------------------------------------------------------------------
    Field("column", _STR, "Column", "Source column concerned, as headed in the file."),
    Field(
        "severity",
        _STR,
        "Severity",
        "info: a repair was made; warning: ambiguous or unreadable; error: the document could "
        "not be used.",
        "code",
        SEVERITIES,
    ),
    Field(
        "code",
        _STR,
        "Kind of issue",
        "Stable identifier of the kind of issue (listed below): filter on it, not on the message.",
        "code",
        ISSUE_CODES,
    ),
    Field("message", _STR, "What was found", "What was found and what was done."),
    # --- slippage: each action measured ---------------------------------------------------
    Field(
        "days_after_document",
        _INT,
        "Days after the document",
        "Days from the document's own as-of date to the date judged at, when that is later "
        "(its statuses may be out of date by then); null when judged at the document's date or "
        "it has none.",
        "integer",
    ),
    Field(
        "deadline_class",
        _STR,
        "Deadline class",
        "dated (day, week, month, quarter), vague (season, part, half, year, financial year), "
        "ongoing, open_ended, undated (no due date, 'Complete', unreadable).",
        "code",
        DEADLINE_CLASSES,
    ),
    Field(
        "is_overdue",
        _BOOL,
        "Overdue",
        "Dated deadline before the as-of date and status not complete; null when the deadline "
        "is not dated, the as-of date is unknown, or it is past due in a document that gives no "
        "statuses.",
        "boolean",
    ),
    Field(
        "days_overdue",
        _INT,
        "Days overdue",
        "Days from the due date to the as-of date, when overdue.",
        "integer",
    ),
    Field(
        "optimistic",
        _BOOL,
        "Overdue but on track",
        "Overdue yet rated on track (green); null like is_overdue.",
        "boolean",
    ),
    Field(
        "is_overdue_lenient",
        _BOOL,
        "Overdue (lenient reading)",
        "As is_overdue, but a vague deadline (season, part, half, year, financial year) counts "
        "too, overdue once its whole period has ended; null like is_overdue.",
        "boolean",
    ),
    Field(
        "original_end",
        _DATE,
        "First due date",
        "First published due date: the deadline_end of the action's earliest version.",
        "date",
    ),
    Field(
        "revision_source",
        _STR,
        "Read from",
        "Where the revision was read (a dated deadline relabelled ongoing, open-ended or "
        "'TBC' in a later version: 'version', with no revised_end).",
        "code",
        REVISION_SOURCES,
    ),
    Field("revision_evidence", _STR, "Evidence", "The text revised_end was read from."),
    Field(
        "slippage_days",
        _INT,
        "Slippage (days)",
        "revised_end minus original_end, in days.",
        "integer",
    ),
    Field(
        "revision_count",
        _INT,
        "Revisions",
        "Distinct due dates other than original_end seen for the action in this and earlier "
        "versions (columns, update text, moved deadlines).",
        "integer",
    ),
    Field(
        "lineage_id",
        _STR,
        "Lineage",
        "Identifier shared by one action across versions: 'plan_id/rec_id/action_no' of its "
        "earliest version.",
    ),
    Field(
        "match_score",
        _FLOAT,
        "Match score",
        "Score (0..1) of the match to the previous version (see docs/methods.md).",
        "score",
    ),
    Field(
        "relabelled_ongoing",
        _BOOL,
        "Relabelled ongoing",
        "Had a due date in the previous version, ongoing or open-ended in this one.",
        "boolean",
    ),
    # --- version matches ------------------------------------------------------------------
    Field("prior_plan_id", _STR, "Earlier document", "The earlier document of the pair."),
    Field(
        "outcome",
        _STR,
        "Outcome",
        "matched; added (only in the later document); dropped (only in the earlier).",
        "code",
        MATCH_OUTCOMES,
    ),
    Field(
        "text_similarity",
        _FLOAT,
        "Text similarity",
        "rapidfuzz token_sort_ratio / 100 of the two texts.",
        "score",
    ),
    Field(
        "prior_rec_id", _STR, "Earlier No.", "Earlier action's recommendation (null when added)."
    ),
    Field("prior_action_no", _INT, "Earlier action", "Earlier action's position.", "integer"),
    Field("prior_source_path", _STR, "Earlier source file", "Earlier action's source file."),
    Field("prior_source_row", _INT, "Earlier row", "Earlier action's source row.", "integer"),
    Field("prior_text", _STR, "Earlier text", "Earlier action's text."),
    Field(
        "prior_deadline_text",
        _STR,
        "Earlier deadline as published",
        "Earlier action's deadline as published.",
    ),
    Field("prior_deadline_end", _DATE, "Earlier due date", "Earlier action's due date.", "date"),
    Field(
        "prior_deadline_kind",
        _STR,
        "Earlier deadline kind",
        "Earlier action's deadline kind.",
        "code",
        DEADLINE_KINDS,
    ),
    Field(
        "deadline_shift_days",
        _INT,
        "Due date moved (days)",
        "Later due date minus earlier due date, in days.",
        "integer",
    ),
    # --- slippage summary -----------------------------------------------------------------
    Field(
        "scope",
        _STR,
        "Scope",
        "plan: one document; council: roll-up.",
        "code",
        SUMMARY_SCOPES,
    ),
    Field(
        "plans",
        _LIST_STR,
        "Documents summarised",
        "Documents summarised (council: latest per chain).",
        "list",
    ),
    Field(
        "share_complete",
        _FLOAT,
        "Share of actions complete",
        "Share of actions with status complete; null when no action has a status.",
        "percent",
    ),
    Field(
        "status_coverage",
        _FLOAT,
        "Share of actions with a status",
        "Share of actions whose status is known (not 'unknown'). At 0 the document gives no "
        "statuses: every figure that depends on them is null, not zero (see null_reasons).",
        "percent",
    ),
    Field(
        "n_overdue",
        _INT,
        "Actions overdue",
        "Actions overdue at the as-of date (null: no as-of date, or actions past due in a "
        "document that gives no statuses).",
        "integer",
    ),
    Field(
        "share_overdue",
        _FLOAT,
        "Share of actions overdue",
        "Overdue actions over all actions.",
        "percent",
    ),
    Field(
        "median_days_overdue",
        _FLOAT,
        "Median days overdue",
        "Median days overdue of overdue actions.",
        "number",
    ),
    Field(
        "share_dated",
        _FLOAT,
        "Share of actions with a dated deadline",
        "Share of actions with a dated deadline.",
        "percent",
    ),
    Field(
        "share_vague",
        _FLOAT,
        "Share with a vague deadline",
        "Share with a vague deadline (season, year, ...).",
        "percent",
    ),
    Field("share_ongoing", _FLOAT, "Share ongoing", "Share with an ongoing deadline.", "percent"),
    Field(
        "share_open_ended",
        _FLOAT,
        "Share open-ended",
        "Share with an open-ended deadline ('... onwards').",
        "percent",
    ),
    Field("share_undated", _FLOAT, "Share undated", "Share with no usable deadline.", "percent"),
    Field(
        "n_revised",
        _INT,
        "Actions with a revised deadline",
        "Actions with revision_count > 0.",
        "integer",
    ),
    Field("n_revisions", _INT, "Revisions", "Sum of revision_count.", "integer"),
    Field(
        "median_slippage_days",
        _FLOAT,
        "Median slippage (days)",
        "Median slippage_days of revised actions.",
        "number",
    ),
    Field(
        "n_due",
        _INT,
        "Actions due by the as-of date",
        "Dated actions due before the as-of date (null: no as-of date).",
        "integer",
    ),
    Field(
        "schedule_index",
        _FLOAT,
        "Schedule index (done by deadline / due)",
        "Actions due before the as-of date and complete, over actions due before it; null when "
        "none is due or no action has a status.",
        "percent",
    ),
    Field(
        "n_optimistic",
        _INT,
        "Overdue but rated on track",
        "Overdue actions rated on track (null: no as-of date).",
        "integer",
    ),
    Field(
        "share_optimistic",
        _FLOAT,
        "Share overdue but on track",
        "Optimistic actions over overdue actions.",
        "percent",
    ),
    Field(
        "n_due_lenient",
        _INT,
        "Actions due (lenient reading)",
        "Dated or vague actions whose due date is before the as-of date (null: no as-of date).",
        "integer",
    ),
    Field(
        "n_overdue_lenient",
        _INT,
        "Actions overdue (lenient reading)",
        "Actions overdue when a vague deadline is overdue once its whole period has ended.",
        "integer",
    ),
    Field(
        "share_overdue_lenient",
        _FLOAT,
        "Share overdue (lenient reading)",
        "n_overdue_lenient over all actions.",
        "percent",
    ),
    Field(
        "schedule_index_lenient",
        _FLOAT,
        "Schedule index (lenient reading)",
        "Actions due (dated or vague) before the as-of date and complete, over those due.",
        "percent",
    ),
    Field(
        "n_relabelled_ongoing",
        _INT,
        "Relabelled ongoing",
        "Actions relabelled ongoing.",
        "integer",
    ),
    Field(
        "plan_published",
        _DATE,
        "Plan published",
        "Date the chain's action plan was published or adopted: its published date in "
        "plans.toml, else an adoption date a document of the chain states, else the action "
        "plan's as-of date; never a tracker's date.",
        "date",
    ),
    Field(
        "plan_published_source",
        _STR,
        "Plan date from",
        "Where plan_published was read.",
        "code",
        PLAN_DATE_SOURCES,
    ),
    Field(
        "plan_published_evidence",
        _STR,
        "Plan date evidence",
        "The document and the value or sentence plan_published was read from; why it is null "
        "when it is.",
    ),
    Field(
        "days_to_plan", _INT, "Days to the plan", "Days from the CPC to plan_published.", "integer"
    ),
    Field(
        "plan_within_3_months",
        _BOOL,
        "Plan within 3 months of the CPC",
        "Plan published within 3 months of the CPC.",
        "boolean",
    ),
    Field(
        "plan_within_5_months",
        _BOOL,
        "Plan within 5 months of the CPC",
        "Plan published within 5 months of the CPC.",
        "boolean",
    ),
    Field(
        "review_date",
        _DATE,
        "Progress review",
        "As-of date of the chain's progress review document.",
        "date",
    ),
    Field(
        "days_to_review",
        _INT,
        "Days to the review",
        "Days from the CPC to review_date.",
        "integer",
    ),
    Field(
        "review_about_10_months",
        _BOOL,
        "Progress review about 10 months after",
        "Progress review 8 to 12 months after the CPC (LGA: about 10).",
        "boolean",
    ),
    Field(
        "null_reasons",
        _STR,
        "Why figures are empty",
        "Each null figure of the row and why ('share_complete, ...: the document gives no "
        "statuses'; 'schedule_index: no action due by the as-of date').",
    ),
    # --- the report's own frames (views of the tables above) ------------------------------
    Field("documents", _INT, "Documents", "Documents of the council.", "integer"),
    Field("recommendations", _INT, "Recommendations", "Distinct recommendations.", "integer"),
    Field("actions", _INT, "Actions", "Actions.", "integer"),
    Field("status_mix", _STR, "Status mix", "Actions by status, in words ('3 complete, ...')."),
    Field(
        "action", _STR, "Action", "An action named by recommendation and position ('R5b action 2')."
    ),
    Field("most_days_overdue", _FLOAT, "Most days overdue", "Most days overdue.", "number"),
    Field("error", _INT, "Errors", "Issues of severity error.", "integer"),
    Field("warning", _INT, "Warnings", "Issues of severity warning.", "integer"),
    Field("info", _INT, "Repairs (info)", "Issues of severity info.", "integer"),
    Field(
        "reading_check",
        _STR,
        "Reading check",
        "A reading check that raised warnings, by its label (the issue code's label).",
    ),
    Field(
        "warnings_of_kind",
        _INT,
        "Warnings",
        "Warnings the reading check raised on the document.",
        "integer",
    ),
    Field("first_example", _STR, "First example", "The first of those warnings, whole."),
    Field("parameter", _STR, "Parameter", "A parameter of the report."),
    Field("value", _STR, "Value", "Its value."),
    Field("software", _STR, "Software", "A package the report was built with."),
    Field("software_version", _STR, "Version", "Its version."),
    Field("figure", _STR, "Figure", "A figure of the overview."),
    Field("focus", _STR, "Focus council", "The focus council's value."),
    Field("others_median", _STR, "Peers: median", "The peer councils' median."),
    Field("others_lowest", _STR, "Peers: lowest", "The peer councils' lowest value."),
    Field("others_highest", _STR, "Peers: highest", "The peer councils' highest value."),
    Field("others_with_value", _STR, "Peers with a value", "Peer councils with a value."),
    Field(
        "action_caption",
        _STR,
        "Action",
        "An action by its number and text, shortened ('5b.2 Agree the medium term ...').",
    ),
    Field(
        "recommendation_text",
        _STR,
        "Recommendation",
        "The text of the recommendation the action answers.",
    ),
    Field("n_complete", _INT, "Actions complete", "Actions with status complete.", "integer"),
    Field("rank", _INT, "Rank", "Position in the ranking (1 = most).", "integer"),
    Field(
        "councils_with_theme",
        _INT,
        "Councils",
        "Councils with at least one recommendation in the theme.",
        "integer",
    ),
    Field("share_of_councils", _FLOAT, "Share of councils", "Councils over all.", "percent"),
    Field("councils", _INT, "Councils", "Councils counted.", "integer"),
    Field(
        "months_from_cpc",
        _INT,
        "Months after the CPC",
        "Calendar months from the CPC month to the due date's month (0 = the CPC month).",
        "integer",
    ),
    Field("band", _STR, "Band", "A range of values ('20% to 30%')."),
)

FIELDS: dict[str, Field] = {f.name: f for f in _DECLARED}
if len(FIELDS) != len(_DECLARED):  # pragma: no cover - a declaration error, caught on import
    raise RuntimeError("a field is declared twice in cpcanalysis/schema/fields.py")
