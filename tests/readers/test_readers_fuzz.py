"""Fuzzing the binary-format readers: random and mutated bytes give only the package's errors.

Whatever the bytes, ``read_document`` either returns a document or raises a ``CpcError``
subclass; never a parser's own exception, never a crash.
"""

import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.synthetic import layout, sample_plan, write

from cpcanalysis.errors import CpcError
from cpcanalysis.readers import read_document
from cpcanalysis.readers.contract import RawDocument

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = {"xlsx": ".xlsx", "ods": ".ods", "docx": ".docx", "pdf": ".pdf", "html": ".html"}
_FOLDER = Path(tempfile.mkdtemp(prefix="cpc-fuzz-"))


@cache
def valid_bytes(fmt: str) -> bytes:
    """A small synthetic plan in ``fmt``, the starting point for mutations."""
    doc = layout(sample_plan(size=2), "merged")
    return write(doc, fmt, _FOLDER, stem=f"seed-{fmt}").read_bytes()


def _read_only_our_errors(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzzed{suffix}"
        path.write_bytes(data)
        try:
            document = read_document(path)
        except CpcError as error:
            assert str(error).count("\n") == 0  # one line, for the CLI
            assert path.name in str(error)
        else:
            assert isinstance(document, RawDocument)


@st.composite
def mutations(draw, fmt: str) -> bytes:
    data = bytearray(valid_bytes(fmt))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "zero"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 512))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            data[at : at + 16] = bytes(min(16, len(data) - at))
    return bytes(data)


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
@FUZZ
@given(data=st.binary(min_size=1, max_size=4096))
def test_random_bytes_give_only_package_errors(fmt, data):
    _read_only_our_errors(data, SUFFIXES[fmt])


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
@FUZZ
@given(data=st.data())
def test_mutated_files_give_only_package_errors(fmt, data):
    _read_only_our_errors(data.draw(mutations(fmt)), SUFFIXES[fmt])


@pytest.mark.parametrize("fmt", sorted(SUFFIXES))
@FUZZ
@given(
    prefix=st.sampled_from([b"PK\x03\x04", b"%PDF-1.7\n", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
    rest=st.binary(max_size=2048),
)
def test_right_magic_wrong_body_gives_only_package_errors(fmt, prefix, rest):
    _read_only_our_errors(prefix + rest, SUFFIXES[fmt])
