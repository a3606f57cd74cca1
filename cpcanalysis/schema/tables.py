"""The tables: each a list of field names, in column order.

A table may narrow a field for itself (``as_of`` in the slippage tables is the date judged at,
not the document's date): the :class:`Column` then carries its own label or note, and whether the
column may be null. Canonical tables are what ``load``, ``slippage`` and ``export`` produce and
the data dictionary documents; views are the report's frames, declared so that their columns are
labelled here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cpcanalysis.schema.fields import FIELDS, Field


@dataclass(frozen=True)
class Column:
    name: str
    nullable: bool = True
    label: str | None = None  # this table's label, when it differs from the field's
    note: str | None = None  # what the field means in this table, beyond its description


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    view: bool = False  # a frame the report shows, not a table the package writes

    def fields(self) -> tuple[Field, ...]:
        """The table's fields, with this table's labels, notes and nullability."""
        out = []
        for column in self.columns:
            f = FIELDS[column.name]
            description = f.description if column.note is None else column.note
            out.append(
                replace(
                    f,
                    label=column.label or f.label,
                    description=description,
                    nullable=column.nullable,
                )
            )
        return tuple(out)


def _columns(spec: str) -> tuple[Column, ...]:
    """Columns from a spec: names separated by spaces; a name ending in ``!`` is not null."""
    return tuple(Column(name.rstrip("!"), nullable=not name.endswith("!")) for name in spec.split())


def _table(name: str, description: str, spec: str, *special: Column, view: bool = False):
    """A table whose columns are ``spec``, with ``special`` columns replacing those of the
    same name (their own label, note or nullability)."""
    by_name = {c.name: c for c in special}
    columns = tuple(by_name.get(c.name, c) for c in _columns(spec))
    unknown = set(by_name) - {c.name for c in columns}
    if unknown:  # pragma: no cover - a declaration error, caught on import
        raise RuntimeError(f"table {name!r}: special columns {sorted(unknown)} are not listed")
    return Table(name, description, columns, view)


_JUDGED_AT = "Date judged at: the as_of given, else the document's as-of date."
_ACTIONS = (
    "plan_id! council! rec_id! rec_no! action_no! text deadline_text deadline_start "
    "deadline_end deadline_kind! deadline_precision deadline_note revised_deadline_text "
    "revised_end lead sponsor status_text status! update_text other_text section refers_to "
    "core_element theme source_path! source_table source_row source_page source_rows"
)
_SLIPPAGE = (
    "as_of days_after_document deadline_class! is_overdue days_overdue optimistic "
    "is_overdue_lenient original_end "
    "revised_end revision_source revision_evidence slippage_days revision_count! lineage_id! "
    "match_score relabelled_ongoing"
)
_REVISED_ANY_SOURCE = (
    "Latest revised due date: the revised-deadline column, unless the update text signals a "
    "later date; else a later date signalled in the update text; else the due date if it moved "
    "since the earliest version; else a revision read in an earlier version, carried forward."
)
_MEASURED_ONLY = " ".join(n for n in _SLIPPAGE.split() if n.rstrip("!") != "revised_end")

_CANONICAL = (
    _table(
        "plans",
        "One row per document (an action plan, a tracker, a progress review).",
        "plan_id! council! council_code council_type region document_kind! cpc_date as_of "
        "published adoption_stated adoption_evidence title file_title chain version "
        "source_path! source_format! sha256! in_manifest! n_recommendations! n_actions! "
        "n_reading_warnings",
    ),
    _table(
        "recommendations",
        "One row per recommendation, or per part of a recommendation with parts.",
        "plan_id! council! rec_id! rec_no! rec_part rec_label rec_title stem text! core_element "
        "theme theme_confidence core_element_confidence core_element_2 core_element_2_confidence "
        "source_path! source_table source_row source_page source_rows",
        Column("plan_id", False, note="Document the recommendation was read from."),
        Column("text", False, note="The recommendation's text, numbering removed."),
        Column("source_rows", note="Every source row that contributed text."),
    ),
    _table(
        "actions",
        "One row per action: what the council said it would do, by when, and progress.",
        _ACTIONS,
        Column("plan_id", False, note="Document the action was read from."),
        Column(
            "rec_id",
            False,
            note="Recommendation the action answers (see recommendations.rec_id).",
        ),
        Column("text", note="The action as published (one item of a list cell)."),
        Column("core_element", note="Core element of the action's recommendation."),
        Column("theme", note="Theme of the action's recommendation."),
    ),
    _table(
        "issues",
        "One row per thing a document could not give cleanly: repairs made, ambiguities, values "
        "that could not be read, documents that could not be used.",
        "plan_id! source_path! source_table source_row column severity! code! message!",
        Column("plan_id", False, note="Document concerned."),
    ),
    _table(
        "measured",
        "What `slippage.measure` returns: every column of `actions`, then the slippage columns "
        "of each action (its `revised_end` replaced by the revised due date from any source).",
        _ACTIONS + " " + _MEASURED_ONLY,
        Column("revised_end", label="Latest due date", note=_REVISED_ANY_SOURCE),
        Column("as_of", label="Judged at", note=_JUDGED_AT),
    ),
    _table(
        "slippage",
        "One row per action, keyed like `actions`: the slippage columns of `measured` "
        "(`cpcanalysis export --slippage` writes this table).",
        "plan_id! rec_id! action_no! source_path! source_row " + _SLIPPAGE,
        Column("plan_id", False, note="Document the action was read from."),
        Column("rec_id", False, note="Recommendation the action answers."),
        Column("revised_end", label="Latest due date", note=_REVISED_ANY_SOURCE),
        Column("as_of", label="Judged at", note=_JUDGED_AT),
    ),
    _table(
        "version_matches",
        "Actions paired across the versions of a plan: one row per matched pair, added or "
        "dropped action.",
        "chain! plan_id! prior_plan_id! outcome! match_score text_similarity rec_id action_no "
        "source_path source_row text deadline_text deadline_end deadline_kind prior_rec_id "
        "prior_action_no prior_source_path prior_source_row prior_text prior_deadline_text "
        "prior_deadline_end prior_deadline_kind deadline_shift_days relabelled_ongoing",
        Column("chain", False, note="Chain of documents of one CPC."),
        Column("plan_id", False, note="The later document of the pair."),
        Column("rec_id", note="Later action's recommendation (null when dropped)."),
        Column("action_no", note="Later action's position."),
        Column("source_path", note="Later action's source file."),
        Column("source_row", note="Later action's source row."),
        Column("text", note="Later action's text."),
        Column("deadline_text", note="Later action's deadline as published."),
        Column("deadline_end", note="Later action's due date."),
        Column("deadline_kind", note="Later action's deadline kind."),
        Column("relabelled_ongoing", note="Matched, had a due date, now ongoing or open-ended."),
    ),
    _table(
        "slippage_summary",
        "Slippage figures per document and per council (the latest document of each chain).",
        "scope! council! plan_id plans! source_path chain version document_kind as_of "
        "n_actions! share_complete status_coverage! n_overdue share_overdue median_days_overdue "
        "share_dated share_vague share_ongoing share_open_ended share_undated n_revised! "
        "n_revisions! median_slippage_days n_due schedule_index n_optimistic share_optimistic "
        "n_due_lenient n_overdue_lenient share_overdue_lenient schedule_index_lenient "
        "n_relabelled_ongoing! cpc_date plan_published plan_published_source "
        "plan_published_evidence days_to_plan plan_within_3_months plan_within_5_months "
        "review_date days_to_review review_about_10_months null_reasons",
        Column("plan_id", note="The document (null on council rows)."),
        Column("source_path", note="Source file of the document (null on council rows)."),
        Column("chain", note="Chain of the document(s)."),
        Column("as_of", label="Judged at", note="Date judged at (the latest, on council rows)."),
        Column("n_actions", False, note="Actions."),
    ),
)

# the report's frames: their columns are labelled here (see cpcanalysis.report)
_VIEWS = (
    _table(
        "overview",
        "The report's overview: one row per council.",
        "council documents recommendations actions status_mix share_dated share_complete as_of "
        "n_due n_overdue share_overdue median_days_overdue",
        Column("as_of", label="Judged at"),
        view=True,
    ),
    _table(
        "council_slippage",
        "The report's slippage figures per council: overdue actions.",
        "council as_of n_due n_overdue share_overdue median_days_overdue schedule_index "
        "n_optimistic",
        Column("as_of", label="Judged at"),
        view=True,
    ),
    _table(
        "council_revisions",
        "The report's slippage figures per council: revisions and the LGA's timelines.",
        "council n_revised n_revisions median_slippage_days n_relabelled_ongoing "
        "plan_within_3_months review_about_10_months",
        view=True,
    ),
    _table(
        "revised_actions",
        "Actions whose deadline was revised.",
        "council plan_id action original_end revised_end slippage_days revision_count "
        "revision_source revision_evidence",
        Column("revised_end", label="Latest due date"),
        view=True,
    ),
    _table(
        "overdue_actions",
        "Overdue actions, named.",
        "council plan_id action deadline_text status days_overdue",
        view=True,
    ),
    _table(
        "overdue_by_council",
        "Overdue actions per council.",
        "council n_overdue median_days_overdue most_days_overdue",
        Column("n_overdue", label="Overdue actions"),
        view=True,
    ),
    _table(
        "council_deadlines",
        "One council's actions with a due date.",
        "plan_id action_caption deadline_text deadline_end revised_end status as_of days_overdue",
        Column("as_of", label="Judged at"),
        view=True,
    ),
    _table(
        "profile_actions",
        "One council's actions that are overdue, off track or at risk (its council profile).",
        "rec_id recommendation_text text lead deadline_end revised_end status days_overdue "
        "update_text",
        Column("text", label="Action"),
        Column("revised_end", label="Latest due date"),
        Column("update_text", label="Latest update"),
        view=True,
    ),
    _table(
        "profile_recommendations",
        "One council's recommendations by core element and theme (its council profile).",
        "core_element theme rec_id text",
        Column("text", label="Recommendation"),
        view=True,
    ),
    _table(
        "version_changes",
        "Actions added or dropped between two versions of a plan.",
        "outcome prior_plan_id plan_id rec_id text deadline_text",
        Column("plan_id", label="Later document"),
        Column("text", label="Action"),
        view=True,
    ),
    _table(
        "ranking",
        "Councils ranked by one figure (reports of many councils).",
        "rank council actions share_complete as_of n_due n_overdue share_overdue "
        "median_days_overdue",
        Column("as_of", label="Judged at"),
        view=True,
    ),
    _table(
        "national_themes",
        "Recommendations per theme over every council (reports of many councils).",
        "core_element theme recommendations councils_with_theme share_of_councils",
        view=True,
    ),
    _table(
        "recommendations_by_theme",
        "Recommendations by core element and theme.",
        "core_element core_element_2 theme council rec_id theme_confidence text",
        Column(
            "core_element_2",
            label="Second choice (where unsure)",
            note="The classifier's second choice of core element, shown only where its first "
            "choice is unsure (element probability below 0.5).",
        ),
        Column("text", label="Recommendation"),
        view=True,
    ),
    _table(
        "focus_comparison",
        "The focus council's figures beside the other councils'.",
        "figure focus others_median others_lowest others_highest others_with_value",
        view=True,
    ),
    _table(
        "data_quality",
        "Issues per document, by severity.",
        "council plan_id source_path error warning info",
        view=True,
    ),
    _table(
        "reading_warnings",
        "Reading warnings per document, by reading check, with the first example.",
        "council plan_id reading_check warnings_of_kind source_table source_row first_example",
        Column("source_table", label="Table of the first", note="Table of the first example."),
        Column("source_row", label="Row of the first", note="Source row of the first example."),
        view=True,
    ),
    _table(
        "issue_details",
        "Errors and warnings, where they were found.",
        "plan_id source_path source_table source_row column severity code message",
        view=True,
    ),
    _table(
        "provenance",
        "Every source file with its sha256.",
        "council plan_id document_kind cpc_date as_of source_path source_format sha256 in_manifest",
        view=True,
    ),
    _table("parameters", "The report's parameters.", "parameter value", view=True),
    _table("software", "Software versions.", "software software_version", view=True),
)

ALL_TABLES: dict[str, Table] = {t.name: t for t in (*_CANONICAL, *_VIEWS)}
TABLES: dict[str, tuple[Field, ...]] = {t.name: t.fields() for t in _CANONICAL}
"""Canonical table name -> its fields in column order (the data dictionary's tables)."""
