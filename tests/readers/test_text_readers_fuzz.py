"""Random bytes into the text readers and the whole loader: only the package's own errors."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpcanalysis import CpcError, load
from cpcanalysis.readers import read_document

SEED = b"Recommendation\tAction\tBy When\tRAG\n1. Refresh the plan\tConsult\tMarch 2025\tGreen\n"


FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _mutate(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for position, value in flips:
        out[position % len(out)] = value
    return bytes(out)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".tsv", ".csv", ".md", ".txt"]))
def test_random_bytes_give_rows_or_a_package_error(tmp_path, data, suffix):
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(data)
    try:
        doc = read_document(path)
    except CpcError as error:
        assert "\n" not in str(error) and path.name in str(error)
    else:
        assert all(isinstance(c, str) for row in doc.rows for c in row.cells)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(flips=st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=8))
def test_mutated_plans_load_or_fail_cleanly(tmp_path, flips):
    path = tmp_path / "plan.tsv"
    path.write_bytes(_mutate(SEED, flips))
    try:
        plans = load(path, progress=False)
    except CpcError as error:
        assert "\n" not in str(error)
    else:
        assert plans.plans.height == 1
