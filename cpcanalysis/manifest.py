"""The manifest: one entry per document in a data folder (``plans.toml``).

Each ``[[documents]]`` entry names the file (relative to the data folder) and what cannot be read
from it: council, ONS code, type, region, CPC date, document kind, as-of date, chain and reading
hints. Files under ``raw/`` without an entry are still loaded with what can be inferred, and a
warning. A recorded sha256 that no longer matches the file is refused.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cpcanalysis.errors import ChecksumError, ManifestError
from cpcanalysis.readers import READERS, ReadHints, file_sha256
from cpcanalysis.schema import DOCUMENT_KINDS

MANIFEST_NAME = "plans.toml"
RAW_FOLDER = "raw"

_REQUIRED = ("plan_id", "council", "document_kind", "path")
_KNOWN = {
    *_REQUIRED,
    "council_code",
    "council_type",
    "region",
    "cpc_date",
    "as_of",
    "published",
    "chain",
    "title",
    "sha256",
    "hints",
    "notes",
}
_HINT_KEYS = {
    "format",
    "encoding",
    "delimiter",
    "sheet",
    "table",
    "header_row",
    "max_bytes",
    "legend",
    "legend_sheet",
    "day_first",
}


@dataclass(frozen=True)
class DocumentEntry:
    """What the manifest (or inference, for unlisted files) says about one document."""

    plan_id: str
    council: str
    document_kind: str
    path: Path  # absolute
    relpath: str  # as written, relative to the data folder (used in provenance columns)
    council_code: str | None = None
    council_type: str | None = None
    region: str | None = None
    cpc_date: date | None = None
    as_of: date | None = None
    published: date | None = None
    chain: str | None = None
    title: str | None = None
    sha256: str | None = None
    hints: ReadHints = field(default_factory=ReadHints)
    legend: dict[str, str] = field(default_factory=dict)
    in_manifest: bool = True
    manifest: Path | None = None  # the plans.toml the entry was read from


def parse_manifest_date(value: object, *, where: Path, key: str, index: int) -> date | None:
    """A manifest date: a TOML date, ``YYYY-MM-DD`` or ``YYYY-MM`` (taken as the 1st)."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        pass
    raise ManifestError(
        f"entry {index} {key} = {text!r} is not a date",
        path=where,
        hint="write YYYY-MM-DD or YYYY-MM",
    )


def _refuse_unknown(raw: dict, known: set[str], what: str, *, where: Path, index: int) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ManifestError(
            f"entry {index} has unknown {what} {unknown}",
            path=where,
            hint=f"known {what}: {sorted(known)}",
        )


def _hints(raw: dict, *, where: Path, index: int) -> tuple[ReadHints, dict[str, str]]:
    _refuse_unknown(raw, _HINT_KEYS, "hints", where=where, index=index)
    legend = {str(k): str(v) for k, v in (raw.get("legend") or {}).items()}
    kwargs = {k: raw[k] for k in ("format", "encoding", "delimiter", "sheet") if k in raw}
    for key in ("table", "header_row", "max_bytes"):
        if key in raw:
            kwargs[key] = int(raw[key])
    if raw.get("day_first", True) is not True:
        raise ManifestError(
            f"entry {index} sets day_first = {raw['day_first']!r}: only day-first dates "
            "(UK style, 31/03/2025) are read",
            path=where,
            hint="remove the hint; month-first dates are not supported",
        )
    extra = {"legend_sheet": str(raw["legend_sheet"])} if "legend_sheet" in raw else {}
    return ReadHints(**kwargs, extra=extra), legend


def _entry(raw: dict, *, folder: Path, where: Path, index: int) -> DocumentEntry:
    missing = [k for k in _REQUIRED if not raw.get(k)]
    if missing:
        raise ManifestError(f"entry {index} lacks {', '.join(missing)}", path=where)
    _refuse_unknown(raw, _KNOWN, "keys", where=where, index=index)
    kind = raw["document_kind"]
    if kind not in DOCUMENT_KINDS:
        raise ManifestError(
            f"entry {index} ({raw['plan_id']}) document_kind {kind!r} is not one of "
            f"{list(DOCUMENT_KINDS)}",
            path=where,
        )
    hints, legend = _hints(raw.get("hints") or {}, where=where, index=index)
    dates = {
        key: parse_manifest_date(raw.get(key), where=where, key=key, index=index)
        for key in ("cpc_date", "as_of", "published")
    }
    return DocumentEntry(
        plan_id=str(raw["plan_id"]),
        council=str(raw["council"]),
        document_kind=kind,
        path=(folder / raw["path"]).resolve(),
        relpath=str(raw["path"]),
        council_code=raw.get("council_code"),
        council_type=raw.get("council_type"),
        region=raw.get("region"),
        chain=raw.get("chain"),
        title=raw.get("title"),
        sha256=(raw.get("sha256") or None),
        hints=hints,
        legend=legend,
        manifest=where,
        cpc_date=dates["cpc_date"],
        as_of=dates["as_of"],
        published=dates["published"],
    )


def read_manifest(folder: Path) -> list[DocumentEntry]:
    """The manifest's entries, in the order written; [] when the folder has no manifest."""
    where = folder / MANIFEST_NAME
    if not where.exists():
        return []
    try:
        data = tomllib.loads(where.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"not valid TOML: {exc}", path=where) from None
    raw_entries = data.get("documents", [])
    if not isinstance(raw_entries, list):
        raise ManifestError("'documents' must be an array of tables ([[documents]])", path=where)
    entries = [
        _entry(raw, folder=folder, where=where, index=i) for i, raw in enumerate(raw_entries, 1)
    ]
    seen: set[str] = set()
    for entry in entries:
        if entry.plan_id in seen:
            raise ManifestError(f"plan_id {entry.plan_id!r} is used twice", path=where)
        seen.add(entry.plan_id)
    return entries


def check_entry(entry: DocumentEntry) -> None:
    """Refuse an entry whose file is missing or whose bytes changed since it was recorded."""
    manifest = entry.manifest or entry.path
    if not entry.path.is_file():
        raise ManifestError(
            f"entry {entry.plan_id!r} points to {entry.relpath!r}, which does not exist",
            path=manifest,
            hint="fix the path or add the file",
        )
    if entry.sha256 is not None:
        actual = file_sha256(entry.path)
        if actual != entry.sha256.lower():
            raise ChecksumError(
                f"sha256 is {actual}, but the manifest records {entry.sha256} for "
                f"{entry.plan_id!r}: the raw file changed",
                path=entry.path,
                hint="raw files are never edited; restore the original, or record the new "
                "file under a new entry",
            )


def infer_entry(path: Path, folder: Path) -> DocumentEntry:
    """An entry for a raw file the manifest does not list: names from the file name."""
    stem = path.stem
    words = re.split(r"[-_\s]+", stem)
    council_words = []
    for word in words:
        if word.lower() in {"cpc", "lga", "action", "plan", "tracker"} or word.isdigit():
            break
        council_words.append(word.capitalize())
    council = " ".join(council_words) or stem
    relpath = path.relative_to(folder).as_posix()
    kind = "tracker" if "tracker" in stem.lower() else "action_plan"
    return DocumentEntry(
        plan_id=re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-"),
        council=council,
        document_kind=kind,
        path=path.resolve(),
        relpath=relpath,
        in_manifest=False,
    )


def discover(folder: Path) -> tuple[list[DocumentEntry], list[DocumentEntry]]:
    """Manifest entries and inferred entries for unlisted plan files under raw/.

    Entries are checked (file present, sha256 unchanged) when each document is loaded.
    """
    entries = read_manifest(folder)
    listed = {entry.path for entry in entries}
    raw = folder / RAW_FOLDER
    unlisted = []
    if raw.is_dir():
        for path in sorted(raw.rglob("*")):
            if path.is_file() and path.suffix.lower() in READERS and path.resolve() not in listed:
                unlisted.append(infer_entry(path, folder))
    return entries, unlisted
