"""Writing files: the only code that touches output paths.

Every file cpcanalysis writes (tables, the workbook, the data dictionary, the report) goes
through here, so that writes are all-or-nothing, get ordinary permissions and fail with one
line naming the path.

- :func:`write_atomic` writes one file: the bytes go to a temporary file made by
  :mod:`tempfile` beside the target, are flushed to disk, then renamed over it, so the target
  is always the old file or the complete new one.
- :func:`write_set` writes several files into one folder as a set: every file is written into a
  staging folder made by :mod:`tempfile` beside the output folder, then the staging folder and
  the output folder are exchanged in one step (Linux ``renameat2(RENAME_EXCHANGE)``), so the
  folder holds the complete old set or the complete new set at every moment, even when the
  process is killed. Files of the output folder that are not part of the set are kept (hard
  linked into the staging folder before the exchange). Where one step is not possible (another
  system, a folder holding sub-folders, a folder that is a mount point, or the working
  directory of this process, which would be left in the old folder), the files are all written
  first and then renamed one after the other: a kill in that last step, which takes
  microseconds, can leave a mix. (Another program whose working directory is the output
  folder stays in the old one, now removed, until it changes directory again.)

Targets are handled deliberately: a symbolic link is followed (the file or folder it points at
is replaced, the link is kept); a target without write permission (a read-only file or folder)
is refused, even for root, rather than replaced; an output folder that is a file is refused.
Only what cpcanalysis created is ever removed: this run's temporary file or staging folder,
named ``.NAME.XXXXXXXX.cpcanalysis-part`` by :mod:`tempfile` and locked (``flock``) while the
run lives; and such a file or folder left by a run that was killed, which no process holds
locked any more (swept before the next write of the same target). Any other file, such as a
``.NAME.PID.part`` of another program, is left alone.
"""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from cpcanalysis.errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]

__all__ = ["OutputError", "check_target", "write_atomic", "write_set"]

_PART = ".cpcanalysis-part"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _refusal(error: OSError, path: Path) -> OutputError:
    reason = error.strerror or str(error)
    return OutputError(f"cannot write: {reason.lower()}", path=path)


def _new_mode(existing: Path | None, *, folder: bool = False) -> int:
    """The mode of a replaced file (the old one's), else that of any new file or folder."""
    if existing is not None and existing.exists():
        return stat.S_IMODE(existing.stat().st_mode)
    return (0o777 if folder else 0o666) & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it where Linux tells it (setting it to read
    it would briefly change it for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _check_writable(path: Path, what: str) -> None:
    """Refuse a target without any write permission bit (root could write it: we do not)."""
    if path.exists() and not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise OutputError(
            f"{what} is read-only", path=path, hint="make it writable or choose another --out"
        )


def _write_fd(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.fsync(fd)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a folder we cannot open for syncing
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on folders
        pass
    finally:
        os.close(fd)


def _lock(fd: int, *, wait: bool = True) -> bool:
    """Lock ``fd`` for this process (released when it ends, however); False if another
    process holds it (or, without ``flock``, always: nothing is then swept)."""
    if fcntl is None:  # pragma: no cover - not POSIX
        return wait
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def _sweep(folder: Path, name: str) -> None:
    """Remove what killed runs left for ``name`` in ``folder``: temporaries of ours that no
    living process holds locked."""
    for entry in folder.glob(f".{glob.escape(name)}.*{_PART}"):
        try:
            fd = os.open(entry, os.O_RDONLY)
        except OSError:
            continue
        try:
            if _lock(fd, wait=False):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
        finally:
            os.close(fd)


def _write_temp(folder: Path, name: str, data: bytes, mode: int) -> tuple[Path, int]:
    """``data`` in a new temporary file of ``folder`` (a name from :mod:`tempfile`), and its
    descriptor, locked: close it once the file has been renamed."""
    fd, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=_PART, dir=folder)
    try:
        _lock(fd)
        _write_fd(fd, data)
        os.fchmod(fd, mode)
    except BaseException:
        os.close(fd)
        os.unlink(temp)
        raise
    return Path(temp), fd


def _prepare_folder(folder: Path) -> Path:
    """The real folder to write in (links followed), created when missing."""
    folder = folder.resolve()
    if folder.exists() and not folder.is_dir():
        raise OutputError("is a file, not a folder", path=folder, hint="choose a folder for --out")
    _check_writable(folder, "folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError("a parent of the folder is a file", path=folder) from None
    except OSError as error:
        raise _refusal(error, folder) from None
    return folder


def check_target(path: Path) -> Path:
    """Refuse, before any work, a file target that :func:`write_atomic` would refuse (a
    folder, a read-only file or folder, a parent that is a file); returns the real target."""
    target = Path(path).resolve()  # a symbolic link: the file it points at
    if target.is_dir():
        raise OutputError("is a folder, not a file", path=path, hint="give a file name")
    _check_writable(target, "file")
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError("a parent of the file is a file", path=parent)
            _check_writable(parent, "folder")
            break
    return target


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` all or nothing (see the module's notes); returns ``path``.

    Raises :class:`OutputError` (one line) when the file cannot be written; the old file is
    then left as it was and no temporary file remains."""
    path = Path(path)
    target = check_target(path)  # a symbolic link: replace what it points at, keep the link
    folder = _prepare_folder(target.parent)
    _sweep(folder, target.name)
    try:
        _one_by_one(folder, {target.name: data})
    except OSError as error:
        raise _refusal(error, path) from None
    _fsync_folder(folder)
    return path


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    rename2 = getattr(libc, "renameat2", None)
    if rename2 is None:  # pragma: no cover - a C library older than glibc 2.28
        return False
    done = rename2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EBUSY, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _keep_others(folder: Path, staging: Path, names: set[str]) -> bool:
    """Hard-link the folder's other files into the staging folder, so the exchange keeps them;
    False when that is not possible (a sub-folder, a file system without hard links)."""
    if Path.cwd().resolve().is_relative_to(folder):
        return False  # this process would be left in the old folder
    others = [entry for entry in folder.iterdir() if entry.name not in names]
    if any(entry.is_dir() and not entry.is_symlink() for entry in others):
        return False
    try:
        for entry in others:
            os.link(entry, staging / entry.name, follow_symlinks=False)
    except OSError:
        return False
    return True


def _one_by_one(folder: Path, files: Mapping[str, bytes]) -> None:
    """Every file written to a temporary first, then each renamed into place."""
    temps: dict[str, tuple[Path, int]] = {}
    try:
        for name, data in files.items():
            temps[name] = _write_temp(folder, name, data, _new_mode(folder / name))
        for name, (temp, _) in temps.items():
            os.replace(temp, folder / name)
    finally:
        for temp, fd in temps.values():
            temp.unlink(missing_ok=True)
            os.close(fd)


def _staged(folder: Path, files: Mapping[str, bytes]) -> bool:
    """Write the set into a staging folder and exchange it with ``folder``; False (nothing
    changed) when the exchange cannot be made."""
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=_PART, dir=folder.parent))
    claim = os.open(staging, os.O_RDONLY)
    try:
        _lock(claim)
        for name, data in files.items():
            fd = os.open(staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                _write_fd(fd, data)
                os.fchmod(fd, _new_mode(folder / name))
            finally:
                os.close(fd)
        os.chmod(staging, _new_mode(folder, folder=True))
        if not _keep_others(folder, staging, set(files)) or not _exchange(staging, folder):
            return False
        _fsync_folder(folder.parent)
        return True
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # after an exchange: the old set
        os.close(claim)


def write_set(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write ``files`` (name -> bytes) into ``folder`` as one set (see the module's notes);
    returns the paths written, in order, under ``folder`` as given.

    Raises :class:`OutputError` (one line) when any of them cannot be written; the folder is
    then left as it was."""
    folder = Path(folder)
    real = _prepare_folder(folder)
    for name in files:
        _check_writable(real / name, "file")
        if (real / name).is_dir():
            raise OutputError("is a folder, not a file", path=folder / name)
    _sweep(real.parent, real.name)
    for name in files:
        _sweep(real, name)
    try:
        if len(files) < 2 or not _staged(real, files):
            _one_by_one(real, files)
    except OSError as error:
        raise _refusal(error, folder) from None
    _fsync_folder(real)
    return [folder / name for name in files]
