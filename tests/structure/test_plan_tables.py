"""A document with several tables (a committee report): only the plan's tables are the plan."""

import polars as pl

from cpcanalysis import load

PAGE = """<html><body>
<h1>Cabinet, 14 October 2025: Corporate Peer Challenge progress</h1>
<h2>5. Overall progress</h2>
<table>
<tr><th>RAG status</th><th>Number of actions</th><th>Percentage of actions</th></tr>
<tr><td>Blue (complete)</td><td>8</td><td>36%</td></tr>
<tr><td>Red (off track)</td><td>2</td><td>9%</td></tr>
</table>
<h2>Appendix A: action plan</h2>
<table>
<tr><th>Recommendation</th><th>Action</th><th>Lead officer</th><th>Target date</th><th>RAG</th></tr>
<tr><td>1. Agree long-term priorities</td><td>Adopt a new Council Plan</td><td>Head of Policy</td>
<td>March 2025</td><td>Blue</td></tr>
<tr><td>5. Set out a costed financial plan</td><td>Refresh the MTFS</td>
<td>Director of Resources</td><td>February 2025</td><td>Blue</td></tr>
</table>
<table><tr><th>Report author</th><th>Date</th></tr>
<tr><td>Jo Whitfield</td><td>29 September 2025</td></tr></table>
</body></html>"""


def test_a_rag_summary_beside_the_plan_is_not_read_as_a_recommendation(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(PAGE, encoding="utf-8")
    plans = load(path, themes=False)
    assert plans.recommendations.select("rec_id", "text").rows() == [
        ("1", "Agree long-term priorities"),
        ("5", "Set out a costed financial plan"),
    ]
    assert plans.actions["text"].to_list() == ["Adopt a new Council Plan", "Refresh the MTFS"]
    notes = plans.issues.filter(pl.col("code") == "foreign_table")["message"].to_list()
    assert any(note.startswith("table 1 is not the plan") for note in notes)
