"""The "nothing lost" check: every word of every non-empty source cell is in some table."""

import re

import polars as pl

_WORD = re.compile(r"\w+")


def lost_words(tables: dict[str, pl.DataFrame], entry) -> list[tuple[int, str]]:
    """(line, word) for each word of a non-empty source cell of the manifest ``entry``'s file
    that no text field of ``tables`` holds for its plan: the "nothing lost" check."""
    from cpcanalysis.readers import read_document

    kept: set[str] = set()
    for frame in tables.values():
        mine = frame.filter(pl.col("plan_id") == entry.plan_id)
        for name, dtype in mine.schema.items():
            column = mine[name]
            if dtype == pl.List(pl.String):
                column = column.list.join(" ")
            elif dtype != pl.String:
                continue
            for value in column.drop_nulls():
                kept.update(_WORD.findall(value))
    doc = read_document(entry.path, entry.hints)
    return [
        (row.line, word)
        for row in doc.rows
        for cell in row.cells
        for word in _WORD.findall(cell)
        if word not in kept
    ]
