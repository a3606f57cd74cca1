"""What every chart shares: colours from the schema's vocabularies, sizes, legends.

Colours are for colour-blind readers too (Okabe-Ito, declared with each vocabulary term in
:mod:`cpcanalysis.schema.vocabularies`); a status or a state is always written next to its
mark or heads its panel, never shown by colour alone.
"""

from __future__ import annotations

import altair as alt

from cpcanalysis.schema import STATUSES

SEQUENTIAL_SCHEME = "blues"
ROW_STEP = 18  # pixels per council (or action) row
STATUS_COLOURS = STATUSES.colours()
STATUS_SCALE = alt.Scale(domain=list(STATUSES), range=list(STATUS_COLOURS.values()))
# legends under the chart, with the vocabularies' words rather than their codes ("on track")
LEGEND_BELOW = alt.Legend(
    orient="bottom", direction="horizontal", labelExpr="replace(datum.label, '_', ' ')"
)
