"""What every chart shares: colours from the schema's vocabularies, sizes, legends.

Colours are for colour-blind readers too (Okabe-Ito, declared with each vocabulary term in
:mod:`cpcanalysis.schema.vocabularies`); a status or a state is always written next to its
mark or heads its panel, never shown by colour alone.
"""

from __future__ import annotations

import altair as alt

from cpcanalysis.schema import STATUSES

SEQUENTIAL_SCHEME = "blues"
# marks that carry no category: guide lines, revised dates, plain bars
LINE_GREY = "#555555"
TRACE_GREY = "#777777"
PLAIN_BAR = "#56B4E9"
ROW_STEP = 18  # pixels per council (or action) row
COLUMN_STEP = 96  # pixels per council column, while their names are written across
FEW_COLUMNS = 8  # up to this many councils side by side, their names are written across
DOT_STEP = 7  # pixels between dots stacked on one value
# counts are whole numbers: no '0.5 actions' tick
COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)
STATUS_COLOURS = STATUSES.colours()
STATUS_SCALE = alt.Scale(domain=list(STATUSES), range=list(STATUS_COLOURS.values()))
# legends under the chart, with the vocabularies' words rather than their codes ("on track")
LEGEND_BELOW = alt.Legend(
    orient="bottom", direction="horizontal", labelExpr="replace(datum.label, '_', ' ')"
)
