"""How the report is made: a notebook run headless with parameters (:mod:`.notebook` in a
:mod:`.kernel` of this interpreter), the Vega bundle built alongside (:mod:`.bundle`), and the
export to one self-contained HTML page (:mod:`.page`); :mod:`.build` conducts."""
