"""How an action is named on a chart and in the report's tables: one home for both.

- :func:`action_name`: "R5b action 2", the recommendation and the action's position, for
  tables that also show the text;
- :func:`action_caption`: "5b.2 Agree the medium term ...", the number and the text cut to a
  width, for chart axes and labels, where a reader needs to know what the action is;
- :func:`action_text`: the text alone, cut the same way, to quote in a sentence.
"""

from __future__ import annotations

import polars as pl

__all__ = ["CAPTION_CHARACTERS", "action_caption", "action_name", "action_text"]

CAPTION_CHARACTERS = 60


def action_name() -> pl.Expr:
    """'R5b action 2': how an action is named in tables and tooltips."""
    return pl.format("R{} action {}", pl.col("rec_id"), pl.col("action_no")).alias("action")


def action_text(characters: int = CAPTION_CHARACTERS) -> pl.Expr:
    """The action's text on one line, cut at a word to about ``characters`` characters (an
    ellipsis says so): for quoting an action in a sentence."""
    text = pl.col("text").fill_null("").str.replace_all(r"\s+", " ").str.strip_chars()
    return (
        pl.when(text.str.len_chars() > characters)
        .then(text.str.slice(0, characters).str.replace(r"\s+\S*$", "") + pl.lit(" …"))
        .otherwise(text)
        .alias("action_text")
    )


def action_caption(characters: int = CAPTION_CHARACTERS) -> pl.Expr:
    """'5b.2 Agree the medium term financial …': the action's number and its text, cut at a
    word to about ``characters`` characters (an ellipsis says so). Unique within a document,
    since the number is; an action without text is named by its number alone."""
    number = pl.format("{}.{}", pl.col("rec_id"), pl.col("action_no"))
    text = action_text(characters)
    return (
        pl.when(text == "")
        .then(number)
        .otherwise(pl.concat_str([number, text], separator=" "))
        .alias("action_caption")
    )
