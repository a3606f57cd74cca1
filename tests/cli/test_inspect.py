"""``cpcanalysis inspect``: a file's reading with a verdict, and a folder document by document."""

from support.paths import DATA

from cpcanalysis.cli import main

LANCASTER = DATA / "raw" / "lancaster-cpc-2024-action-plan-tracker.tsv"


def test_a_clean_file_ends_with_the_verdict_read_cleanly(capsys):
    assert main(["inspect", str(LANCASTER)]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().splitlines()[-1] == "Verdict: read cleanly (no reading warning)."


def test_reading_warnings_are_printed_whole_in_the_verdict(tmp_path, capsys):
    faulty = tmp_path / "lancaster.tsv"
    lines = LANCASTER.read_text(encoding="utf-8").splitlines(keepends=True)
    faulty.write_text("".join([*lines[:3], lines[2], *lines[3:]]), encoding="utf-8")
    assert main(["inspect", str(faulty)]) == 0
    out = capsys.readouterr().out
    verdict = out[out.index("Verdict: ") :]
    assert verdict.startswith("Verdict: 1 reading warnings (duplicate_action)")
    assert "a row read twice?" in verdict  # the message whole, not clipped
    assert "duplicate_action" not in out[: out.index("Verdict: ")]


def test_a_folder_is_inspected_document_by_document(capsys):
    assert main(["inspect", str(DATA)]) == 0
    out = capsys.readouterr().out
    blocks = out.split("\n\n")
    assert sum(b.startswith("raw/") for b in blocks) == 2
    assert out.count("Verdict: read cleanly") == 2
    assert out.rstrip().endswith(
        "Folder: 2 documents read (2 cleanly, 0 with reading warnings), 0 not read"
    )
    # each block holds only its own document's recommendations
    from cpcanalysis import load

    plans = load(DATA, themes=False)
    wyre_first = plans.recommendations.filter(plans.recommendations["council"] == "Wyre Council")
    start = wyre_first["text"][0][:40]
    lancaster = out[out.index("raw/lancaster") : out.index("raw/wyre")]
    assert start not in lancaster and start in out[out.index("raw/wyre") :]
