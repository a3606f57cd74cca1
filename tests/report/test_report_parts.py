"""The report's parts without a kernel or a browser: parameters, escaping, injection, writing."""

from __future__ import annotations

import html
import json
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import nbformat
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpcanalysis.errors import ParameterError
from cpcanalysis.params import check_data_folder, parse_as_of, select_councils
from cpcanalysis.report import ReportError, build_report
from cpcanalysis.report.content import html as tables
from cpcanalysis.report.content.figure import FIGURE_MIME, Figure, figure_markup, script_json
from cpcanalysis.report.runner import page as export
from cpcanalysis.report.runner.bundle import BundleJob, default_vegalite_version, javascript_bundle
from cpcanalysis.report.runner.notebook import INJECTED_TAG, inject_parameters

# text as a plan cell can hold it: any character but lone surrogates (files decode to UTF-8)
MARKUP = st.text(
    alphabet=st.sampled_from(list("<>&\"'/ =ab\u2028\n"))
    | st.characters(blacklist_categories=("Cs",)),
    max_size=40,
)


# -- parameters -------------------------------------------------------------------------------


def test_as_of_accepts_dates_and_iso_strings():
    assert parse_as_of(None) is None
    assert parse_as_of("2025-03-31") == date(2025, 3, 31)
    assert parse_as_of(" 2025-03-31 ") == date(2025, 3, 31)
    assert parse_as_of(date(2024, 1, 2)) == date(2024, 1, 2)


@pytest.mark.parametrize("value", ["yesterday", "31/03/2025", "2025-02-30", "", 20250331])
def test_as_of_that_is_not_a_date_is_a_one_line_parameter_error(value):
    with pytest.raises(ParameterError, match="is not a date") as caught:
        parse_as_of(value)
    assert "\n" not in str(caught.value)
    assert "YYYY-MM-DD" in str(caught.value)


def test_empty_or_missing_data_folder_is_refused(tmp_path):
    with pytest.raises(ParameterError, match="does not exist"):
        check_data_folder(tmp_path / "nowhere")
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / ".gitkeep").write_text("")
    with pytest.raises(ParameterError, match="holds no plan files"):
        check_data_folder(tmp_path)
    (tmp_path / "raw" / "plan.tsv").write_text("Recommendation\tAction\n")
    assert check_data_folder(tmp_path) == tmp_path


def test_councils_match_ignoring_case_and_spaces_and_focus_joins_the_selection():
    known = ["Wyre Council", "Lancaster City Council", "Wyre Council"]
    assert select_councils(known) == (["Lancaster City Council", "Wyre Council"], None)
    chosen, focus = select_councils(known, ["wyre  council"], focus="LANCASTER city council")
    assert chosen == ["Lancaster City Council", "Wyre Council"]
    assert focus == "Lancaster City Council"


def test_unknown_council_lists_the_known_ones_and_suggests_the_nearest():
    with pytest.raises(ParameterError) as caught:
        select_councils(["Wyre Council", "Lancaster City Council"], ["Lancastre City Council"])
    message = str(caught.value)
    assert "unknown council 'Lancastre City Council'" in message
    assert "did you mean 'Lancaster City Council'" in message
    assert "known councils: Lancaster City Council, Wyre Council" in message
    with pytest.raises(ParameterError, match="unknown council 'Nowhere'"):
        select_councils(["Wyre Council"], focus="Nowhere")


def test_build_report_refuses_bad_parameters_before_starting_a_kernel(tmp_path):
    out = tmp_path / "report.html"
    with pytest.raises(ParameterError, match="not a date"):
        build_report(tmp_path, out, as_of="soon")
    with pytest.raises(ParameterError, match="no plan files"):
        build_report(tmp_path, out)
    assert list(tmp_path.iterdir()) == []


# -- escaping ---------------------------------------------------------------------------------


class _CellText(HTMLParser):
    """Collects the text of every <td>, as a browser would show it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self.tags: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "td":
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_cell = False

    def handle_data(self, data):
        if self._in_cell:
            self.cells[-1] += data


@given(st.lists(MARKUP, min_size=1, max_size=5))
def test_table_shows_any_cell_text_literally_and_adds_no_tags(texts):
    frame = pl.DataFrame({"text": texts})
    parser = _CellText()
    parser.feed(tables.table(frame).markup)
    assert parser.cells == texts
    assert set(parser.tags) == {"div", "table", "thead", "tr", "th", "tbody", "td"}


def test_table_formats_values_and_refuses_unknown_percent_columns():
    frame = pl.DataFrame(
        {
            "council": ["A"],
            "share": [0.256],
            "when": [date(2025, 3, 31)],
            "leads": [["X", "Y"]],
            "n": [12345],
        }
    )
    markup = tables.table(frame, percent=["share"], labels={"n": "Actions"}).markup
    assert '<td class="num">26%</td>' in markup
    assert "<td>2025-03-31</td>" in markup
    assert "<td>X; Y</td>" in markup
    assert '<th scope="col" class="num">Actions</th>' in markup
    assert "12,345" in markup
    with pytest.raises(ValueError, match="percent columns"):
        tables.table(frame, percent=["missing"])
    assert "No rows." in tables.table(frame.clear()).markup


@given(MARKUP)
def test_headings_paragraphs_and_bullets_escape_their_text(text):
    for fragment in (tables.heading(text), tables.paragraph(text), tables.bullets([text])):
        assert "<" not in fragment.markup.replace("<h3>", "").replace("</h3>", "").replace(
            "<p>", ""
        ).replace("</p>", "").replace("<ul><li>", "").replace("</li></ul>", "")


@given(st.recursive(MARKUP | st.integers() | st.none(), lambda c: st.lists(c, max_size=3)))
def test_script_json_round_trips_and_cannot_close_its_element(value):
    text = script_json({"v": value})
    assert json.loads(text) == {"v": value}
    assert "<" not in text and ">" not in text and "&" not in text


def test_figure_requires_a_title_and_carries_spec_and_escaped_title():
    frame = pl.DataFrame({"a": ["x"], "b": [1]})
    with pytest.raises(ValueError, match="no title"):
        Figure(alt.Chart(frame).mark_bar(), tables.paragraph("alt"))
    chart = alt.Chart(frame).mark_bar().encode(x="a", y="b").properties(title="<i>T</i>")
    bundle = Figure(chart, tables.paragraph("alt"))._repr_mimebundle_()
    payload = bundle[FIGURE_MIME]
    assert payload["title"] == "<i>T</i>"
    assert "$schema" not in payload["spec"]
    markup = figure_markup(payload, 3)
    assert 'id="cpc-chart-3"' in markup and 'aria-label="&lt;i&gt;T&lt;/i&gt;"' in markup
    assert "<i>" not in markup.replace(script_json(payload["spec"]), "")


# -- parameters injection ---------------------------------------------------------------------


def _notebook(*tags_per_cell):
    cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": list(t)}) for t in tags_per_cell]
    return nbformat.v4.new_notebook(cells=cells)


def test_injected_cell_follows_the_parameters_cell_and_holds_literals():
    nb = _notebook([], ["parameters"], [])
    value = "it's \"quoted\"\n__import__('os')"
    injected = inject_parameters(nb, {"data": value, "councils": ["A", "B"], "focus": None})
    cell = injected.cells[2]
    assert cell.metadata.tags == [INJECTED_TAG] and cell.id == INJECTED_TAG
    namespace: dict = {}
    exec(cell.source, namespace)  # the test proves the value stays a value
    assert namespace["data"] == value
    assert namespace["councils"] == ["A", "B"] and namespace["focus"] is None
    assert len(nb.cells) == 3  # the input notebook is untouched
    again = inject_parameters(injected, {"data": "other"})
    assert [c.source.count("other") for c in again.cells].count(1) == 1
    assert len(again.cells) == 4


def test_injection_refuses_code_objects_and_missing_or_doubled_parameters_cells():
    with pytest.raises(ReportError, match="plain value"):
        inject_parameters(_notebook(["parameters"]), {"data": Path("x")})
    with pytest.raises(ReportError, match="0 cells tagged"):
        inject_parameters(_notebook([]), {"data": "x"})
    with pytest.raises(ReportError, match="2 cells tagged"):
        inject_parameters(_notebook(["parameters"], ["parameters"]), {"data": "x"})


# -- export -----------------------------------------------------------------------------------


def _executed(*outputs):
    cell = nbformat.v4.new_code_cell("", outputs=list(outputs))
    cell.id = "c1"
    return nbformat.v4.new_notebook(cells=[cell], metadata={"language_info": {"name": "python"}})


def test_export_inlines_the_bundle_once_and_allows_only_its_own_scripts():
    frame = pl.DataFrame({"a": ["x", "y"], "b": [1, 2]})
    figure = Figure(
        alt.Chart(frame).mark_bar().encode(x="a", y="b").properties(title="T"),
        tables.table(frame),
    )
    output = nbformat.v4.new_output("display_data", data=figure._repr_mimebundle_())
    page = export.export_html(_executed(output, output), title="Test")
    bundle = javascript_bundle(alt.VEGALITE_VERSION)
    assert page.count(bundle) == 1
    assert 'id="cpc-chart-1"' in page and 'id="cpc-chart-2"' in page
    assert "cdn" not in page.replace(bundle, "").lower()
    assert "require" not in page.replace(bundle, "")
    (policy,) = [line for line in page.splitlines() if "Content-Security-Policy" in line]
    assert "default-src 'none'" in policy and policy.count("'sha256-") == 2
    assert "unsafe-eval" not in policy and "'unsafe-inline'" not in policy.split("style-src")[0]


def test_a_page_without_figures_carries_no_script_at_all():
    shown = nbformat.v4.new_output("display_data", data={"text/html": "<p>only text</p>"})
    page = export.export_html(_executed(shown))
    assert "<script" not in page and "script-src 'none'" in page


def test_bundle_matches_the_vega_lite_version_altair_writes():
    assert default_vegalite_version() == ".".join(alt.VEGALITE_VERSION.split(".")[:2])
    job = BundleJob()
    assert job.result() == javascript_bundle(alt.VEGALITE_VERSION)
    assert "window.vegaEmbed=" in job.result()
    with pytest.raises(ReportError, match=r"no Vega-Lite 1\.0"):
        javascript_bundle("1.0")


def test_export_refuses_outputs_that_need_a_script():
    frame = pl.DataFrame({"a": ["x"], "b": [1]})
    bare = alt.Chart(frame).mark_bar().encode(x="a", y="b")
    output = nbformat.v4.new_output("display_data", data=bare._repr_mimebundle_())
    with pytest.raises(ReportError, match="needs a script"):
        export.export_html(_executed(output))
    js = nbformat.v4.new_output("display_data", data={"application/javascript": "alert(1)"})
    with pytest.raises(ReportError, match="needs a script"):
        export.export_html(_executed(js))


def test_export_refuses_markup_that_loads_but_not_text_that_looks_like_it():
    text = tables.paragraph('<img src="https://example.org/x.png"> src=x url(http://e)')
    shown = nbformat.v4.new_output("display_data", data={"text/html": text.markup})
    assert "src=x" in export.export_html(_executed(shown))
    for markup in (
        '<img src="https://example.org/x.png">',
        '<link rel="stylesheet" href="https://example.org/s.css">',
        '<div style="background: url(https://example.org/b.png)"></div>',
        "<style>@import 'https://example.org/s.css';</style>",
    ):
        loading = nbformat.v4.new_output("display_data", data={"text/html": markup})
        with pytest.raises(ReportError, match="would load a resource"):
            export.export_html(_executed(loading))


def test_export_drops_warnings_and_progress_bars_but_keeps_stdout():
    warning = nbformat.v4.new_output("stream", name="stderr", text="UserWarning: noisy")
    printed = nbformat.v4.new_output("stream", name="stdout", text="shown <b>")
    bar = nbformat.v4.new_output(
        "display_data",
        data={
            "application/vnd.jupyter.widget-view+json": {"model_id": "x", "version_major": 2},
            "text/plain": "loading:  50%|##  | 1/2 [00:01<00:01, 1.0doc/s]",
        },
    )
    page = export.export_html(_executed(warning, printed, bar))
    assert "noisy" not in page and "doc/s" not in page
    assert html.escape("shown <b>", quote=False) in page
