"""The closed vocabularies of the canonical tables: each value's code, how it reads, its colour.

A :class:`Vocabulary` is the one place a set of codes is named: the schema's ``allowed`` values,
the labels a report or a workbook shows ("on_track" -> "On track"), and the colours charts give
them all come from it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    description: str = ""
    colour: str | None = None  # a colour-blind-safe hex colour where charts show the term


@dataclass(frozen=True)
class Vocabulary(Sequence[str]):
    """An ordered set of codes (a sequence of the code strings), each with its term."""

    name: str
    terms: tuple[Term, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(t.code for t in self.terms)

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def __getitem__(self, index):
        return self.codes[index]

    def term(self, code: str) -> Term:
        for t in self.terms:
            if t.code == code:
                return t
        msg = f"{code!r} is not in the {self.name} vocabulary {list(self.codes)}"
        raise KeyError(msg)

    def labels(self) -> dict[str, str]:
        """code -> label, in vocabulary order."""
        return {t.code: t.label for t in self.terms}

    def colours(self) -> dict[str, str]:
        """code -> colour, for the terms that have one, in vocabulary order."""
        return {t.code: t.colour for t in self.terms if t.colour is not None}

    def label_colours(self) -> dict[str, str]:
        """label -> colour, in vocabulary order (for charts whose data hold labels)."""
        return {t.label: t.colour for t in self.terms if t.colour is not None}


def _vocabulary(name: str, *terms: tuple) -> Vocabulary:
    return Vocabulary(name, tuple(Term(*t) for t in terms))


# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies
_BLUE, _ORANGE, _GREEN, _YELLOW = "#0072B2", "#D55E00", "#009E73", "#E69F00"
_PINK, _SKY, _GREY, _BLACK = "#CC79A7", "#56B4E9", "#999999", "#000000"

CORE_ELEMENTS = _vocabulary(
    "core element",
    ("Local priorities and outcomes", "Local priorities and outcomes"),
    ("Organisational and place leadership", "Organisational and place leadership"),
    ("Governance and culture", "Governance and culture"),
    ("Financial planning and management", "Financial planning and management"),
    ("Capacity for improvement", "Capacity for improvement"),
)
DOCUMENT_KINDS = _vocabulary(
    "document kind",
    ("action_plan", "Action plan", "The plan as first adopted, usually without statuses."),
    ("tracker", "Tracker", "The plan with status and update columns, at an as-of date."),
    ("progress_review", "Progress review", "The council's report for the LGA's progress review."),
)
DEADLINE_KINDS = _vocabulary(
    "deadline kind",
    ("date", "Date", "A day, week, month or quarter."),
    ("period", "Period", "A range, a financial year, a season or a part of a year."),
    ("open_ended", "Open-ended", "From a date onwards ('September 2024 onwards')."),
    ("ongoing", "Ongoing", "'Ongoing', 'business as usual': no end."),
    ("complete", "Complete", "A status word where the deadline should be ('Complete')."),
    ("relative", "Relative", "Counted from an event ('within three months of the CPC')."),
    ("unknown", "Unknown", "Blank or not readable."),
)
STATUSES = _vocabulary(
    "status",
    ("complete", "Complete", "Done, delivered, closed; Blue in a RAG legend.", _BLUE),
    ("on_track", "On track", "In progress as planned; Green by default.", _GREEN),
    ("at_risk", "At risk", "Some slippage or concern; Amber or Orange by default.", _YELLOW),
    ("off_track", "Off track", "Delayed, behind schedule; Red by default.", _ORANGE),
    ("not_started", "Not started", "Not started, pending.", _PINK),
    ("unknown", "Unknown", "No status given, or not readable.", _GREY),
)
SEVERITIES = _vocabulary(
    "severity",
    ("info", "Repair (info)", "A repair was made."),
    ("warning", "Warning", "Something was ambiguous or could not be read."),
    ("error", "Error", "The document could not be used."),
)
DEADLINE_CLASSES = _vocabulary(
    "deadline class",
    ("dated", "Dated", "day, week, month or quarter"),
    ("vague", "Vague", "season, part or half of a year, year, financial year"),
    ("ongoing", "Ongoing", "ongoing, business as usual"),
    ("open_ended", "Open-ended", "from a date onwards"),
    ("undated", "Undated", "no due date, 'Complete', unreadable"),
)
REVISION_SOURCES = _vocabulary(
    "revision source",
    ("column", "revised-deadline column", "A revised-deadline column of the document."),
    ("version", "later version", "The due date moved between versions of the plan."),
    ("update_text", "update text", "A new date signalled in the update text."),
)
# where the date a chain's action plan was published or adopted comes from (the LGA timeline check)
PLAN_DATE_SOURCES = _vocabulary(
    "plan date source",
    ("published", "published (plans.toml)", "The published date of the chain's first action plan."),
    ("stated", "stated in a document", "An adoption date stated in a document of the chain."),
    ("plan_as_of", "action plan's as-of date", "The as-of date of the chain's first action plan."),
)
MATCH_OUTCOMES = _vocabulary(
    "match outcome",
    ("matched", "Matched", "The action is in both documents."),
    ("added", "Added", "Only in the later document."),
    ("dropped", "Dropped", "Only in the earlier document."),
)
SUMMARY_SCOPES = _vocabulary(
    "summary scope",
    ("plan", "Document", "One document."),
    ("council", "Council", "A council's roll-up: the latest document of each chain."),
)
# where an action's deadline stands at the as-of date, in display order (the report's chart)
DEADLINE_STATES = _vocabulary(
    "deadline state",
    ("complete", "Complete", "", _BLUE),
    ("overdue", "Overdue", "", _ORANGE),
    ("not_yet_due", "Not yet due", "", _GREEN),
    ("not_judged", "Not judged (no as-of date)", "A dated deadline with no as-of date.", _BLACK),
    ("vague", "Vague deadline", "", _YELLOW),
    ("ongoing", "Ongoing", "", _PINK),
    ("open_ended", "Open-ended", "", _SKY),
    ("undated", "No usable deadline", "", _GREY),
)
# the focus council and the others, in the report's comparison charts
FOCUS_GROUPS = _vocabulary(
    "focus group",
    ("focus", "Focus council", "", _ORANGE),
    ("others", "Peer councils", "", "#7F7F7F"),
)
# what each row of the issues table is about: a stable identifier per kind of issue, so that
# tools filter on the code, never on the message's wording
ISSUE_CODES = _vocabulary(
    "issue code",
    ("not_loaded", "Not loaded", "The document could not be read; the message says why."),
    ("not_in_manifest", "Not in plans.toml", "Metadata inferred from the file name."),
    ("plan_id_renamed", "plan_id made unique", "An inferred plan_id taken already; renamed."),
    ("column_role", "Column role", "Which role a column was read as, from its header."),
    ("legend_read", "Legend read", "A colour legend printed in the file, read as statuses."),
    ("legend_unread", "Legend ignored", "A legend entry that names no status; not used."),
    ("legend_sheet", "Legend sheet", "A spreadsheet sheet read as the colour legend."),
    ("hidden_sheet", "Hidden sheet", "A hidden sheet's rows were read and flagged."),
    ("hidden_columns", "Hidden columns", "Hidden spreadsheet columns were read as usual."),
    ("flagged_row", "Flagged row", "A row flagged in the source (hidden) was read as usual."),
    ("format_limits", "Format limits", "What the file's format cannot tell (.xls merges)."),
    ("text_layout", "Text layout", "A PDF without ruled tables: columns from text layout."),
    ("pages_chosen", "Pages chosen", "Only the PDF pages named by hints.pages were read."),
    ("converted", "Converted", "A .doc or .rtf file converted to .docx by LibreOffice first."),
    ("split_row", "Row split by a page", "A PDF table row broken by a page break, joined again."),
    ("date_day_first", "Date written day first", "Date cells formatted m/d/y, written d/m/y."),
    ("encoding_fallback", "Not UTF-8", "Bytes that are not UTF-8 read as Windows-1252."),
    ("control_characters", "Control characters", "NUL and other control characters removed."),
    ("truncated_text", "Ends mid-row", "A text file that ends mid-row: it may be cut short."),
    ("no_text_layer", "No text layer", "A PDF page with no text (scanned?)."),
    ("context_heading", "Heading kept", "A heading or title kept as context."),
    ("grouping_heading", "Grouping heading", "A heading that groups actions ('SRO: name')."),
    ("before_header", "Before the header", "A row above the header row, kept as context."),
    ("foreign_table", "Not the plan", "A row of another table in the file, not read as plan."),
    ("summary_row", "Totals row", "A totals row, kept as context."),
    ("continuation_row", "Row continues", "A row with no text of its own joined to the row above."),
    ("tail_joined", "Text continues", "A row starting in lower case joined to the row above."),
    ("repeated_recommendation", "Repeated", "A recommendation repeated further down, joined."),
    ("unnamed_recommendation", "No recommendation", "Actions before any recommendation."),
    ("merged_recommendations", "Merged cell", "One cell held several recommendations; split."),
    ("undivided_cell", "Cell not divided", "A cell that would not divide; given whole to each."),
    ("number_from_ref", "Number from Ref", "A recommendation numbered from its Ref column."),
    ("numbering", "Numbering", "A recommendation label out of the expected order."),
    ("stem_with_parts", "Stem with parts", "A recommendation read as a stem with lettered parts."),
    ("numbered_by_position", "Numbered by position", "A recommendation without a printed number."),
    ("status_per_recommendation", "Status per recommendation", "One status for all actions."),
    ("cross_reference", "Cross-reference", "An action pointing to another recommendation."),
    ("cross_reference_unresolved", "Unresolved reference", "It points to a missing number."),
    ("paired_by_line", "Paired by line", "Owner lines paired with the actions by position."),
    ("deadlines_spanned", "Deadlines spanned", "Several deadlines for one action: one span."),
    ("list_lengths", "List lengths differ", "Actions and deadlines of different counts."),
    ("deadline_unreadable", "Deadline unreadable", "A deadline that could not be read."),
    ("status_unreadable", "Status unreadable", "A status that could not be read."),
    ("status_spill", "Status cell spill", "Text beside the status moved to the update."),
    ("lead_in", "Lead-in", "A sentence introducing a list of actions, kept as other text."),
    ("titled_recommendation", "Titled", "A heading's short title, the recommendation below it."),
    ("two_line_header", "Two-line header", "A header written over two rows, read as one."),
    # the reading checks (cpcanalysis/structure/checks.py): signs a document was read wrong
    ("duplicate_action", "Duplicate action", "An action read twice (same text and deadline)."),
    ("heading_only_recommendation", "Heading only", "A recommendation that is only a label."),
    ("no_actions", "No actions", "A recommendation with no action."),
    ("page_break_split", "Split by a page", "A row that a page break seems to have cut in two."),
    ("not_a_plan_table", "Not a plan table", "Counts, downloads or sign-off read as the plan."),
    ("repeated_recommendation_number", "Repeated number", "Two recommendations, one id."),
    ("part_as_recommendation", "Part as recommendation", "A lower-case part read on its own."),
    ("many_unreadable", "Many unreadable", "Over a quarter of deadlines or statuses unreadable."),
    ("completion_in_update", "Complete per update", "The update says the work is done."),
    ("completion_conflict", "Update contradicts status", "Done per update, Red/Amber rating."),
)
