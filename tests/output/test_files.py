"""Writing files: all or nothing, one line when it cannot be done, only our own files removed.

A full disk is simulated by making ``os.write`` or ``os.replace`` raise ENOSPC; read-only
targets are files and folders without write bits (refused even for root, who could write
them); a symbolic link is followed, never replaced by a plain file."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from support.paths import DATA

from cpcanalysis.cli import main
from cpcanalysis.output import OutputError, write_atomic, write_set

SET = {"plans.csv": b"new plans\n", "actions.csv": b"new actions\n", "issues.csv": b"new\n"}


def _old_set(folder):
    folder.mkdir()
    for name in SET:
        (folder / name).write_bytes(b"old " + name.encode())
    return {name: (folder / name).read_bytes() for name in SET}


def _contents(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_write_atomic_replaces_the_file_and_gives_it_ordinary_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_atomic(tmp_path / "sub" / "t.csv", b"a\n")
    finally:
        os.umask(old)
    assert path.read_bytes() == b"a\n"
    assert path.stat().st_mode & 0o777 == 0o644  # not a temporary file's 0600
    path.chmod(0o640)
    write_atomic(path, b"b\n")
    assert path.read_bytes() == b"b\n" and path.stat().st_mode & 0o777 == 0o640  # mode kept
    assert sorted(p.name for p in path.parent.iterdir()) == ["t.csv"]


@pytest.mark.parametrize("call", ["write", "replace"])
def test_a_full_disk_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch, call):
    out = tmp_path / "report.html"
    out.write_text("old")
    monkeypatch.setattr(os, call, _no_space)
    with pytest.raises(OutputError) as caught:
        write_atomic(out, b"new")
    assert str(caught.value) == f"{out}: cannot write: no space left on device"
    assert out.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_full_disk_leaves_the_whole_old_set(tmp_path, monkeypatch):
    folder = tmp_path / "tables"
    old = _old_set(folder)
    calls = {"n": 0}
    real_write = os.write

    def fail_on_the_third(fd, data):
        calls["n"] += 1
        if calls["n"] == 3:
            _no_space()
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", fail_on_the_third)
    with pytest.raises(OutputError, match="no space left on device"):
        write_set(folder, SET)
    assert _contents(folder) == dict(sorted(old.items()))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]  # no staging folder left


def test_a_set_replaces_every_file_at_once_and_keeps_the_folders_other_files(tmp_path):
    folder = tmp_path / "tables"
    _old_set(folder)
    (folder / "notes.txt").write_text("mine")
    # a stale temporary of another process with the same pid (pid 1 in containers): kept
    stale = folder / f".plans.csv.{os.getpid()}.part"
    stale.write_text("not ours")
    inode = (folder / "notes.txt").stat().st_ino
    folder_inode = folder.stat().st_ino
    paths = write_set(folder, SET)
    assert folder.stat().st_ino != folder_inode  # a new folder, exchanged in one step
    assert [p.name for p in paths] == list(SET)
    assert _contents(folder) == dict(
        sorted({**SET, "notes.txt": b"mine", stale.name: b"not ours"}.items())
    )
    assert (folder / "notes.txt").stat().st_ino == inode  # the very same file, linked over
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]


def test_a_folder_holding_folders_is_written_file_by_file(tmp_path):
    folder = tmp_path / "out"
    _old_set(folder)
    (folder / "keep").mkdir()
    (folder / "keep" / "x.txt").write_text("x")
    inode = folder.stat().st_ino
    write_set(folder, SET)
    assert folder.stat().st_ino == inode  # not exchanged: the files renamed in one by one
    assert {n: (folder / n).read_bytes() for n in SET} == SET
    assert (folder / "keep" / "x.txt").read_text() == "x"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*SET, "keep"])


def test_the_working_directory_is_never_exchanged_away(tmp_path, monkeypatch):
    folder = tmp_path / "tables"
    _old_set(folder)
    monkeypatch.chdir(folder)
    inode = folder.stat().st_ino
    write_set(folder, SET)
    assert folder.stat().st_ino == inode and _contents(folder) == dict(sorted(SET.items()))
    assert sorted(p.name for p in Path.cwd().iterdir()) == sorted(SET)  # still in the folder


def test_symbolic_links_are_followed_not_replaced(tmp_path):
    real_file = tmp_path / "real.html"
    real_file.write_text("old")
    link = tmp_path / "report.html"
    link.symlink_to(real_file)
    write_atomic(link, b"new")
    assert link.is_symlink() and real_file.read_text() == "new"

    real_folder = tmp_path / "shared-tables"
    _old_set(real_folder)
    linked = tmp_path / "tables"
    linked.symlink_to(real_folder, target_is_directory=True)
    paths = write_set(linked, SET)
    assert linked.is_symlink() and _contents(real_folder) == dict(sorted(SET.items()))
    assert paths[0] == linked / "plans.csv"


def test_read_only_targets_are_refused_not_replaced(tmp_path):
    report = tmp_path / "report.html"
    report.write_text("kept")
    report.chmod(0o444)
    with pytest.raises(OutputError) as caught:
        write_atomic(report, b"new")
    assert str(caught.value).startswith(f"{report}: file is read-only")
    assert report.read_text() == "kept"

    folder = tmp_path / "tables"
    old = _old_set(folder)
    (folder / "actions.csv").chmod(0o444)
    with pytest.raises(OutputError, match=r"actions\.csv: file is read-only"):
        write_set(folder, SET)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(OutputError, match="tables: folder is read-only"):
            write_set(folder, SET)
    finally:
        folder.chmod(0o755)
    assert _contents(folder) == dict(sorted(old.items()))


def test_an_out_that_is_a_file_is_refused(tmp_path):
    afile = tmp_path / "tables"
    afile.write_text("a file")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        write_set(afile, SET)
    with pytest.raises(OutputError, match="a parent of the file is a file"):
        write_atomic(afile / "report.html", b"x")
    with pytest.raises(OutputError, match="is a folder, not a file"):
        write_atomic(tmp_path, b"x")
    assert afile.read_text() == "a file"


# --- the CLI: one line, exit 1, nothing written -------------------------------------------


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("cpcanalysis: error:")]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_cli_output_errors_are_one_line_and_exit_1(tmp_path, capsys, monkeypatch):
    afile = tmp_path / "afile"
    afile.write_text("x")
    assert main(["export", str(DATA), "--out", str(afile), "--quiet"]) == 1
    assert "is a file, not a folder" in _one_line_error(capsys)

    read_only = tmp_path / "ro"
    read_only.mkdir()
    read_only.chmod(0o555)
    try:
        assert main(["export", str(DATA), "--out", str(read_only), "--quiet"]) == 1
        assert "folder is read-only" in _one_line_error(capsys)
        assert list(read_only.iterdir()) == []
        assert main(["dictionary", "--out", str(read_only / "d.md")]) == 1
        assert "folder is read-only" in _one_line_error(capsys)
        assert main(["report", str(DATA), "--out", str(read_only / "r.html")]) == 1
        assert "folder is read-only" in _one_line_error(capsys)
    finally:
        read_only.chmod(0o755)

    full = tmp_path / "full"
    monkeypatch.setattr(os, "write", _no_space)
    assert main(["export", str(DATA), "--out", str(full), "--format", "csv", "--quiet"]) == 1
    assert "no space left on device" in _one_line_error(capsys)
    assert not full.exists() or list(full.iterdir()) == []
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_leftovers_of_killed_runs_are_swept_and_live_ones_kept(tmp_path):
    import fcntl

    folder = tmp_path / "tables"
    _old_set(folder)
    dead_file = folder / ".plans.csv.k1ll3d00.cpcanalysis-part"  # a killed run's temporary
    dead_file.write_bytes(b"half")
    dead_staging = tmp_path / ".tables.k1ll3d01.cpcanalysis-part"  # a killed run's staging
    dead_staging.mkdir()
    (dead_staging / "plans.csv").write_bytes(b"half")
    live = folder / ".actions.csv.l1v3run0.cpcanalysis-part"  # a running export's temporary
    live.write_bytes(b"busy")
    other = folder / ".issues.csv.1.part"  # not ours at all
    other.write_bytes(b"someone else's")
    held = os.open(live, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        write_set(folder, SET)
    finally:
        os.close(held)
    assert not dead_file.exists() and not dead_staging.exists()
    assert live.read_bytes() == b"busy" and other.read_bytes() == b"someone else's"
    assert {n: (folder / n).read_bytes() for n in SET} == SET
