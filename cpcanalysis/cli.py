"""The ``cpcanalysis`` command: a thin layer over the library.

Every command turns :class:`cpcanalysis.errors.CpcError` into one line on stderr and exit status
1; nothing is written when a command fails. Mistakes on the command line itself (a wrong choice
such as ``--format xls``, an unknown option, a missing value) are answered the same way: one
line, with the nearest valid choice where there is one, and exit status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from cpcanalysis import __version__
from cpcanalysis.errors import CpcError, ParameterError
from cpcanalysis.output.choices import choice_hint

EXPORT_FORMATS = ("parquet", "csv", "csv-excel", "xlsx")
REPORT_FORMATS = ("html", "pdf")
DEFAULT_DATA = "data"
DEFAULT_TABLES = "reports/tables"
DEFAULT_REPORT = "reports/comparison.html"


class _Parser(argparse.ArgumentParser):
    """argparse, answering a mistake in one line and exit status 1 (not a usage dump and 2)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def _check_value(self, action: argparse.Action, value: object) -> None:
        choices = action.choices
        if choices is not None and value not in choices:
            names = [str(c) for c in choices]
            message = f"unknown {action.dest} {value!r} ({choice_hint(str(value), names)})"
            raise argparse.ArgumentError(action, message)

    def error(self, message: str) -> NoReturn:
        text = " ".join(message.split())
        print(f"cpcanalysis: error: {text} (see {self.prog} --help)", file=sys.stderr)
        self.exit(1)


def _load_all(args: argparse.Namespace):
    """Load every document; each one that fails is reported on its own line."""
    from cpcanalysis.load import load

    plans = load(
        args.data,
        errors="report",
        progress=False if args.quiet else None,
        max_bytes=args.max_bytes,
    )
    failed = plans.failed()
    for row in failed.iter_rows(named=True):
        print(f"cpcanalysis: error: {row['message']}", file=sys.stderr)
    if not args.quiet and not failed.height:
        print(plans.tally(), file=sys.stderr)
    return plans, failed.height


def _cmd_export(args: argparse.Namespace) -> int:
    from cpcanalysis.output import export
    from cpcanalysis.output.tables import check_format
    from cpcanalysis.params import parse_as_of

    as_of = parse_as_of(args.as_of)  # a bad date is refused before any file is read
    if as_of is not None and not args.slippage:
        raise ParameterError("--as-of applies to the slippage tables", hint="add --slippage")
    check_format(args.format, split=args.split)
    plans, failures = _load_all(args)
    if failures:
        return 1  # nothing written: the tables would be missing the failed documents
    exported = export(
        plans,
        args.out,
        format=args.format,
        slippage=args.slippage,
        as_of=as_of,
        raw=args.raw,
        split=args.split,
    )
    for note in exported.notes:
        print(f"cpcanalysis: warning: {note}", file=sys.stderr)
    for path in exported.paths:
        print(path)
    return 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    from cpcanalysis.inspection import describe

    print(describe(args.file, max_bytes=args.max_bytes))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from cpcanalysis.report import build_report

    out = build_report(
        args.data,
        args.out,
        as_of=args.as_of,
        councils=args.council or None,
        focus=args.focus,
        notebook=args.notebook,
        format=args.format,
    )
    print(out)
    return 0


def _cmd_dictionary(args: argparse.Namespace) -> int:
    from cpcanalysis.dictionary import render_dictionary
    from cpcanalysis.output import write_atomic

    text = render_dictionary()
    if args.out:
        write_atomic(Path(args.out), text.encode("utf-8"))
    else:
        print(text)
    return 0


def _max_bytes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        metavar="N",
        help="refuse files larger than N bytes (default: 50 MB, or the manifest's max_bytes)",
    )


def _data(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "data",
        nargs="?",
        default=DEFAULT_DATA,
        metavar="DATA",
        help=f"{what} (default: {DEFAULT_DATA})",
    )


_EXPORT_EXAMPLES = """\
examples:
  cpcanalysis export data --format xlsx          one workbook to share, with a Read me sheet
  cpcanalysis export data --format csv-excel     CSV files that Excel opens with accents intact
  cpcanalysis export data --format csv --slippage --as-of 2025-03-31 --out reports/tables
  cpcanalysis export data/raw/wyre-cpc-2024-action-plan.md --format parquet --out /tmp/wyre
"""


def _export_parser(sub) -> None:
    export = sub.add_parser(
        "export",
        help="write the tables of a data folder (parquet, CSV or one Excel workbook)",
        description="Write the canonical tables of a data folder (or one plan file).",
        epilog=_EXPORT_EXAMPLES,
    )
    _data(export, "data folder (plans.toml and raw/) or one plan file")
    export.add_argument(
        "--out",
        default=DEFAULT_TABLES,
        metavar="DIR",
        help=f"output folder, created if needed (default: {DEFAULT_TABLES})",
    )
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="parquet",
        metavar="FORMAT",
        help="parquet (types kept, for tools), csv (UTF-8, for tools), csv-excel (UTF-8 with a "
        "byte-order mark, for Excel) or xlsx (one workbook, cpcanalysis-tables.xlsx, with a "
        "Read me and a Dictionary sheet) (default: parquet)",
    )
    export.add_argument(
        "--split",
        action="store_true",
        help="xlsx: one plain workbook per table, headed by the machine names, instead of one "
        "workbook to share (default: off)",
    )
    export.add_argument(
        "--slippage",
        action="store_true",
        help="also write the slippage, version_matches and slippage_summary tables (default: off)",
    )
    export.add_argument(
        "--as-of",
        dest="as_of",
        metavar="DATE",
        help="with --slippage: judge every deadline at this date, YYYY-MM-DD (default: each "
        "document's own as-of date)",
    )
    export.add_argument(
        "--raw",
        action="store_true",
        help="CSV: write text exactly as read, without the apostrophe that stops spreadsheet "
        "programs running a cell beginning with = + - @ as a formula, for tools that are not "
        "spreadsheets (default: off)",
    )
    export.add_argument(
        "--quiet", action="store_true", help="no progress bar or tally (default: off)"
    )
    _max_bytes(export)
    export.set_defaults(run=_cmd_export)


_REPORT_EXAMPLES = """\
examples:
  cpcanalysis report                                   data/ -> reports/comparison.html
  cpcanalysis report data --out report.html --focus "Wyre Council"
  cpcanalysis report data --format pdf                 a paged PDF (needs Debian's chromium)
  cpcanalysis report data --as-of 2025-03-31 --council "Lancaster City Council"
"""


def _report_parser(sub) -> None:
    report = sub.add_parser(
        "report",
        help="build the comparison report (one HTML file, or a PDF)",
        description="Build the comparison report: the packaged notebook run headless and\n"
        "exported as one self-contained HTML file (or printed to a paged PDF).",
        epilog=_REPORT_EXAMPLES,
    )
    _data(report, "data folder (plans.toml and raw/)")
    report.add_argument(
        "--out",
        metavar="FILE",
        help=f"file to write; its suffix must match --format (default: {DEFAULT_REPORT}, or "
        "reports/comparison.pdf with --format pdf)",
    )
    report.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        metavar="FORMAT",
        help="html or pdf (default: from --out's suffix, else html)",
    )
    report.add_argument(
        "--as-of",
        dest="as_of",
        metavar="DATE",
        help="judge every deadline at this date, YYYY-MM-DD (default: each document's own "
        "as-of date)",
    )
    report.add_argument(
        "--council",
        action="append",
        metavar="NAME",
        help="council to include, repeatable (default: every council)",
    )
    report.add_argument(
        "--focus",
        metavar="NAME",
        help="council to compare against the others (default: none)",
    )
    report.add_argument(
        "--notebook",
        metavar="FILE",
        help="a changed copy of the report notebook to run (default: the packaged one)",
    )
    report.set_defaults(run=_cmd_report)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="cpcanalysis",
        description="Load, clean and analyse LGA Corporate Peer Challenge action plans.",
        epilog="examples:\n  cpcanalysis report data --out report.html\n"
        "  cpcanalysis export data --format xlsx\n  cpcanalysis export --help",
    )
    parser.add_argument("--version", action="version", version=f"cpcanalysis {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _export_parser(sub)

    inspect = sub.add_parser(
        "inspect",
        help="show how one file is read",
        description="Show how one plan file is read: column roles, recommendations, actions\n"
        "and every note.",
        epilog="examples:\n  cpcanalysis inspect data/raw/wyre-cpc-2024-action-plan.md",
    )
    inspect.add_argument("file", metavar="FILE", help="a plan file (required)")
    _max_bytes(inspect)
    inspect.set_defaults(run=_cmd_inspect)

    _report_parser(sub)

    dictionary = sub.add_parser(
        "dictionary",
        help="print or write the data dictionary",
        description="Print or write the data dictionary generated from the schema (markdown).",
        epilog="examples:\n  cpcanalysis dictionary --out docs/data-dictionary.md",
    )
    dictionary.add_argument(
        "--out", metavar="FILE", help="file to write (default: print to the terminal)"
    )
    dictionary.set_defaults(run=_cmd_dictionary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from cpcanalysis.report.runner.lifeline import bind_children

    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a mistake already answered
        return stop.code if isinstance(stop.code, int) else 1
    bind_children()  # worker processes this command starts end with it, even when killed
    try:
        return args.run(args)
    except CpcError as error:
        print(f"cpcanalysis: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())


__all__ = ["build_parser", "main"]
