"""The manifest: one entry per document in a data folder (``plans.toml``).

Each ``[[documents]]`` entry names the file (relative to the data folder) and what cannot be read
from it: council, ONS code, type, region, CPC date, document kind, as-of date, chain, version
and reading hints. Every value is checked for its type (:mod:`cpcanalysis.manifest_values`); a
bad value is refused with one line naming the entry and the key. Files under ``raw/`` without an
entry are still loaded with what can be inferred, and a warning. Nothing outside the data folder
is read: a path, an absolute path or a link that resolves outside it is refused without reading.
A recorded sha256 that no longer matches the file is refused.

:func:`survey` gives every entry of a folder, the refused ones apart (each becomes that
document's error with ``load(..., errors="report")``); :func:`read_manifest` raises the first.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from cpcanalysis.errors import ChecksumError, ManifestError
from cpcanalysis.manifest_values import EntryValues, check_entry_values, entry_name
from cpcanalysis.readers import READERS, ReadHints, file_sha256

MANIFEST_NAME = "plans.toml"
RAW_FOLDER = "raw"

__all__ = [
    "MANIFEST_NAME",
    "RAW_FOLDER",
    "DocumentEntry",
    "RefusedEntry",
    "Survey",
    "check_entry",
    "discover",
    "infer_entry",
    "inside",
    "read_manifest",
    "survey",
]


@dataclass(frozen=True)
class DocumentEntry:
    """What the manifest (or inference, for unlisted files) says about one document."""

    plan_id: str
    council: str
    document_kind: str
    path: Path  # absolute
    relpath: str  # relative to the data folder (used in provenance columns and messages)
    council_code: str | None = None
    council_type: str | None = None
    region: str | None = None
    cpc_date: date | None = None
    as_of: date | None = None
    published: date | None = None
    chain: str | None = None
    version: int | None = None
    title: str | None = None
    sha256: str | None = None
    hints: ReadHints = field(default_factory=ReadHints)
    legend: dict[str, str] = field(default_factory=dict)
    in_manifest: bool = True
    manifest: Path | None = None  # the plans.toml the entry was read from
    renamed: str | None = None  # why an inferred plan_id was changed to keep ids unique


@dataclass(frozen=True)
class RefusedEntry:
    """A manifest entry (or a file under raw/) that cannot be used, and why."""

    plan_id: str  # as written, or "entry-N" when the entry has no usable plan_id
    relpath: str  # the path as written, else the manifest's name
    error: ManifestError
    path: Path | None = None  # the file it names, when inside the data folder (not loaded)


@dataclass(frozen=True)
class Survey:
    """Every document of a data folder: manifest entries in the order written (refused ones in
    their place), then the files under raw/ that the manifest does not list, in path order."""

    entries: list[DocumentEntry | RefusedEntry]

    @property
    def listed(self) -> list[DocumentEntry]:
        return [e for e in self.entries if isinstance(e, DocumentEntry) and e.in_manifest]

    @property
    def unlisted(self) -> list[DocumentEntry]:
        return [e for e in self.entries if isinstance(e, DocumentEntry) and not e.in_manifest]

    @property
    def refused(self) -> list[RefusedEntry]:
        return [e for e in self.entries if isinstance(e, RefusedEntry)]


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, every link followed, lies inside ``folder``."""
    return path.resolve().is_relative_to(folder.resolve())


def _relative(written: str, folder: Path) -> str:
    """A path as written, named relative to the data folder when it was written absolute."""
    path = Path(written)
    if not path.is_absolute():
        return path.as_posix()
    for base in (folder.absolute(), folder.resolve()):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return path.resolve().relative_to(folder.resolve()).as_posix()


def _entry(values: EntryValues, *, folder: Path, where: Path) -> DocumentEntry:
    raw_path = values.text("path")
    name = entry_name(values.index, values.text("plan_id"))
    if not inside(folder / raw_path, folder):
        raise ManifestError(
            f"{name} path = {raw_path!r} resolves outside the data folder; refused without "
            "reading it",
            path=where,
            hint="keep plan files inside the data folder (under raw/)",
        )
    hints = values.hints
    return DocumentEntry(
        plan_id=values.text("plan_id"),
        council=values.text("council"),
        document_kind=values.text("document_kind"),
        path=(folder / raw_path).resolve(),
        relpath=_relative(raw_path, folder),
        council_code=values.optional("council_code"),
        council_type=values.optional("council_type"),
        region=values.optional("region"),
        chain=values.optional("chain"),
        version=values.optional("version"),
        title=values.optional("title"),
        sha256=values.optional("sha256"),
        hints=ReadHints(**hints.kwargs, extra=hints.extra),
        legend=hints.legend,
        manifest=where,
        cpc_date=values.optional("cpc_date"),
        as_of=values.optional("as_of"),
        published=values.optional("published"),
    )


def _load_toml(where: Path) -> list:
    try:
        data = tomllib.loads(where.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ManifestError(f"not valid TOML: {exc}", path=where) from None
    raw_entries = data.get("documents", [])
    if not isinstance(raw_entries, list):
        raise ManifestError("'documents' must be an array of tables ([[documents]])", path=where)
    return raw_entries


def _refused(raw: object, index: int, error: ManifestError, folder: Path) -> RefusedEntry:
    table = raw if isinstance(raw, dict) else {}
    plan_id, path = table.get("plan_id"), table.get("path")
    named = isinstance(path, str) and bool(path.strip())
    return RefusedEntry(
        plan_id=plan_id if isinstance(plan_id, str) and plan_id.strip() else f"entry-{index}",
        relpath=str(path) if named else MANIFEST_NAME,
        error=error,
        # the file a refused entry names is not loaded as an unlisted file either
        path=(folder / str(path)).resolve()
        if named and inside(folder / str(path), folder)
        else None,
    )


def _manifest_entries(folder: Path) -> list[DocumentEntry | RefusedEntry]:
    """The manifest's entries in the order written; a bad entry refused in its place."""
    where = folder / MANIFEST_NAME
    if not where.exists():
        return []
    out: list[DocumentEntry | RefusedEntry] = []
    for index, raw in enumerate(_load_toml(where), 1):
        try:
            out.append(_entry(check_entry_values(raw, index, where), folder=folder, where=where))
        except ManifestError as error:
            out.append(_refused(raw, index, error, folder))
    return _refuse_repeats(out, where)


def _refuse_repeats(
    entries: list[DocumentEntry | RefusedEntry], where: Path
) -> list[DocumentEntry | RefusedEntry]:
    """A plan_id used twice, or a version used twice within one chain: the later entry is
    refused, naming the earlier one."""
    ids: dict[str, int] = {}
    versions: dict[tuple[str, int], int] = {}
    out: list[DocumentEntry | RefusedEntry] = []
    for index, entry in enumerate(entries, 1):
        if isinstance(entry, RefusedEntry):
            out.append(entry)
            continue
        message = None
        chain_key = (entry.chain or entry.plan_id, entry.version or 0)
        if entry.plan_id in ids:
            message = f"plan_id {entry.plan_id!r} is used twice (entries {ids[entry.plan_id]} "
            message += f"and {index})"
        elif entry.version is not None and chain_key in versions:
            message = (
                f"{entry_name(index, entry.plan_id)} version = {entry.version} is also entry "
                f"{versions[chain_key]}'s in chain {chain_key[0]!r}: versions are unique "
                "within a chain"
            )
        if message is not None:
            error = ManifestError(message, path=where)
            out.append(RefusedEntry(entry.plan_id, entry.relpath, error, entry.path))
            continue
        ids[entry.plan_id] = index
        if entry.version is not None:
            versions[chain_key] = index
        out.append(entry)
    return out


def read_manifest(folder: Path) -> list[DocumentEntry]:
    """The manifest's entries, in the order written; [] when the folder has no manifest.

    Raises the first refused entry's :class:`~cpcanalysis.errors.ManifestError`."""
    entries = _manifest_entries(folder)
    for entry in entries:
        if isinstance(entry, RefusedEntry):
            raise entry.error
    return [e for e in entries if isinstance(e, DocumentEntry)]


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


def _inferred_id(stem: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "plan"


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
        plan_id=_inferred_id(stem),
        council=council,
        document_kind=kind,
        path=path.resolve(),
        relpath=relpath,
        in_manifest=False,
    )


def _raw_files(folder: Path) -> list[Path]:
    """Plan files under raw/ (links included, as links), and linked folders that lead out of
    the data folder (not entered), in path order. A linked folder inside it is walked once."""
    raw = folder / RAW_FOLDER
    if not raw.is_dir():
        return []
    found: list[Path] = []
    seen: set[Path] = set()
    stack = [raw]
    while stack:
        here = stack.pop()
        if here.resolve() in seen:
            continue
        seen.add(here.resolve())
        for child in here.iterdir():
            if child.is_dir() and inside(child, folder):
                stack.append(child)
            elif child.is_dir() or child.suffix.lower() in READERS:
                found.append(child)  # a folder here is a link leading outside
    return sorted(found)


def _unlisted(folder: Path, listed: set[Path]) -> list[DocumentEntry | RefusedEntry]:
    out: list[DocumentEntry | RefusedEntry] = []
    for path in _raw_files(folder):
        relpath = path.relative_to(folder).as_posix()
        if not inside(path, folder):
            what = "folder" if path.is_dir() else "file"
            message = f"a link to a {what} outside the data folder; refused without reading it"
        elif not path.is_file():
            message = "a link whose target does not exist, or not a file"
        elif path.resolve() in listed:
            continue
        else:
            out.append(infer_entry(path, folder))
            continue
        error = ManifestError(message, path=relpath, hint="put the file itself under raw/")
        out.append(RefusedEntry(_inferred_id(path.stem), relpath, error))
    return out


def _unique_ids(
    listed: list[DocumentEntry | RefusedEntry], unlisted: list[DocumentEntry | RefusedEntry]
) -> list[DocumentEntry | RefusedEntry]:
    """Inferred plan_ids made unique: one that equals a manifest plan_id or another inferred one
    takes its file's suffix ("wyre-plan-tsv"), then a number; the entry says why."""
    taken = {e.plan_id for e in listed}
    counts = Counter(e.plan_id for e in unlisted)
    out: list[DocumentEntry | RefusedEntry] = []
    for entry in unlisted:
        if not isinstance(entry, DocumentEntry) or (
            entry.plan_id not in taken and counts[entry.plan_id] == 1
        ):
            out.append(entry)
            continue
        suffix = entry.path.suffix.lower().lstrip(".") or "file"
        new, n = f"{entry.plan_id}-{suffix}", 2
        while new in taken or new in counts:
            new, n = f"{entry.plan_id}-{suffix}-{n}", n + 1
        whose = "a plans.toml entry's" if entry.plan_id in taken else "another file's"
        why = (
            f"the plan_id inferred from the file name, {entry.plan_id!r}, is also {whose}: "
            f"this file's plan_id is {new!r}; add an entry to plans.toml to choose one"
        )
        taken.add(new)
        out.append(replace(entry, plan_id=new, renamed=why))
    return out


def survey(folder: Path) -> Survey:
    """Every document of the data folder ``folder``, with the entries that cannot be used.

    A malformed manifest as a whole (not TOML, ``documents`` not an array) raises
    :class:`~cpcanalysis.errors.ManifestError`; a bad entry is refused in its place. Entries are
    checked (file present, sha256 unchanged) when each document is loaded.
    """
    listed = _manifest_entries(folder)
    paths = {e.path for e in listed if e.path is not None}
    unlisted = _unique_ids(listed, _unlisted(folder, paths))
    return Survey([*listed, *unlisted])


def discover(folder: Path) -> tuple[list[DocumentEntry], list[DocumentEntry]]:
    """Manifest entries and inferred entries for unlisted plan files under raw/ (the entries
    that can be used; :func:`survey` gives the refused ones too)."""
    found = survey(folder)
    return found.listed, found.unlisted
