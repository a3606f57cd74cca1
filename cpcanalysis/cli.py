"""The ``cpcanalysis`` command: a thin layer over the library.

Every command turns :class:`cpcanalysis.errors.CpcError` into one line on stderr and exit status
1; nothing is written when a command fails.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cpcanalysis import __version__
from cpcanalysis.errors import CpcError, ParameterError


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
    from cpcanalysis.params import parse_as_of

    as_of = parse_as_of(args.as_of)  # a bad date is refused before any file is read
    if as_of is not None and not args.slippage:
        raise ParameterError("--as-of applies to the slippage tables", hint="add --slippage")
    plans, failures = _load_all(args)
    if failures:
        return 1  # nothing written: the tables would be missing the failed documents
    exported = export(
        plans, args.out, format=args.format, slippage=args.slippage, as_of=as_of, raw=args.raw
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
        help="refuse files larger than this (default 50 MB, or the manifest's max_bytes)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cpcanalysis",
        description="Load, clean and analyse LGA Corporate Peer Challenge action plans.",
    )
    parser.add_argument("--version", action="version", version=f"cpcanalysis {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    export = sub.add_parser("export", help="write the canonical tables of a data folder")
    export.add_argument("data", nargs="?", default="data", help="data folder or plan file")
    export.add_argument("--out", required=True, help="output folder")
    export.add_argument("--format", choices=("parquet", "csv", "xlsx"), default="parquet")
    export.add_argument(
        "--slippage",
        action="store_true",
        help="also write the slippage, version_matches and slippage_summary tables",
    )
    export.add_argument(
        "--as-of", dest="as_of", help="with --slippage: judge every deadline at this date"
    )
    export.add_argument(
        "--raw",
        action="store_true",
        help="CSV: write text exactly as read, without the apostrophe that stops spreadsheet "
        "programs running a cell beginning with = + - @ as a formula (for non-spreadsheet tools)",
    )
    export.add_argument("--quiet", action="store_true", help="no progress bar or tally")
    _max_bytes(export)
    export.set_defaults(run=_cmd_export)

    inspect = sub.add_parser("inspect", help="show how one file is read")
    inspect.add_argument("file", help="a plan file")
    _max_bytes(inspect)
    inspect.set_defaults(run=_cmd_inspect)

    report = sub.add_parser("report", help="build the comparison report (one HTML file)")
    report.add_argument("data", nargs="?", default="data", help="data folder")
    report.add_argument("--out", default="reports/comparison.html", help="HTML file to write")
    report.add_argument("--as-of", dest="as_of", help="date the report speaks for (YYYY-MM-DD)")
    report.add_argument("--council", action="append", help="council to include (repeatable)")
    report.add_argument("--focus", help="council to compare against the others")
    report.add_argument(
        "--notebook",
        help="a changed copy of the report notebook to run instead of the packaged one",
    )
    report.set_defaults(run=_cmd_report)

    dictionary = sub.add_parser("dictionary", help="print or write the data dictionary")
    dictionary.add_argument("--out", help="file to write (default: print)")
    dictionary.set_defaults(run=_cmd_dictionary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
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
