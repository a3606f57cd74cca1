"""Markdown of the agreement figures (:mod:`.agreement`), as docs/methods.md shows them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from cpcanalysis.themes.classifier import SURE_AT

if TYPE_CHECKING:
    from cpcanalysis.themes.agreement import Agreement

__all__ = ["agreement_markdown", "unsure_summary", "variants_markdown"]


def _table(frame: pl.DataFrame) -> list[str]:
    out = ["| " + " | ".join(frame.columns) + " |", "|" + " --- |" * frame.width]
    out += ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.iter_rows()]
    return out


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _cell(result: Agreement, key: str) -> str:
    spread = result.spread.get(key, 0.0)
    return _pct(result.scores[key]) + (f" ± {100 * spread:.1f}" if spread else "")


def unsure_summary(result: Agreement) -> dict[str, float]:
    """How the threshold :data:`SURE_AT` divides the rows: the share unsure, the share of the
    first choices differing from a labeller that are unsure, and how often an unsure row's
    first or second choice is the labellers' element where they agree."""
    p = result.predictions
    unsure = (p["pred_core_element_confidence"] < SURE_AT).to_numpy()
    a, b = p["labeller_a_core_element"].to_numpy(), p["labeller_b_core_element"].to_numpy()
    first, second = p["pred_core_element"].to_numpy(), p["pred_core_element_2"].to_numpy()
    missed = (first != a) | (first != b)
    both = (a == b) & unsure
    top2 = ((first == a) | (second == a))[both]
    return {
        "unsure": float(unsure.mean()),
        "misses_unsure": float(unsure[missed].mean()) if missed.any() else float("nan"),
        "unsure_top2": float(top2.mean()) if top2.size else float("nan"),
        "unsure_first": float((first == a)[both].mean()) if both.any() else float("nan"),
    }


def agreement_markdown(result: Agreement) -> str:
    """Headline figures beside the human ceiling, per-element precision and recall, the
    confusion matrix and how the second choice divides the unsure rows."""
    c = result.ceiling
    n, councils = result.published.height, result.published["council"].n_unique()
    lines = [
        f"{result.name or 'scoring'}: {n} recommendations of {councils} councils.",
        "",
        "| figure | core element | theme |",
        "| --- | --- | --- |",
        f"| classifier with labeller A | {_cell(result, 'element_with_a')} "
        f"| {_cell(result, 'theme_with_a')} |",
        f"| classifier with labeller B | {_cell(result, 'element_with_b')} "
        f"| {_cell(result, 'theme_with_b')} |",
        f"| **classifier, mean of the two** | **{_cell(result, 'element_mean')}** "
        f"| **{_cell(result, 'theme_mean')}** |",
        f"| labeller A with labeller B (human ceiling) | {_pct(c['element_agreement'])} "
        f"(kappa {c['element_kappa']:.3f}) | {_pct(c['theme_agreement'])} "
        f"(kappa {c['theme_kappa']:.3f}) |",
        f"| classifier where both labellers agree | {_cell(result, 'element_where_both_agree')} "
        f"| {_cell(result, 'theme_where_both_agree')} |",
        f"| classifier with the settled label | {_cell(result, 'element_with_settled')} "
        f"| {_cell(result, 'theme_with_settled')} |",
        f"| first or second choice is labeller A's / B's (mean) | "
        f"{_cell(result, 'top2_with_a')} / {_cell(result, 'top2_with_b')} "
        f"({_cell(result, 'top2_mean')}) | |",
        f"| first or second choice is either labeller's | {_cell(result, 'top2_either')} | |",
        "",
        "Per core element, against the settled labels:",
        "",
        *_table(result.per_element()),
        "",
        "Confusion matrix (rows settled, columns predicted):",
        "",
        *_table(result.confusion()),
    ]
    u = unsure_summary(result)
    lines += [
        "",
        f"Unsure first choices (element probability below {SURE_AT}): {_pct(u['unsure'])} of "
        f"rows, holding {_pct(u['misses_unsure'])} of the first choices that differ from a "
        f"labeller; where both labellers agree on an unsure row, the first choice is theirs on "
        f"{_pct(u['unsure_first'])} and the first or second on {_pct(u['unsure_top2'])}.",
    ]
    return "\n".join(lines) + "\n"


def variants_markdown(results: list[Agreement]) -> str:
    """One row per configuration: element agreement (mean over labellers and where both
    agree), first-or-second, theme agreement; means ± sd over repeats."""
    rows = [
        {
            "configuration": r.name,
            "element, mean of A and B": _cell(r, "element_mean"),
            "element, where both agree": _cell(r, "element_where_both_agree"),
            "first or second (mean)": _cell(r, "top2_mean"),
            "theme, mean of A and B": _cell(r, "theme_mean"),
        }
        for r in results
    ]
    best = int(np.argmax([r.scores["element_mean"] for r in results]))
    note = f"Highest element agreement: {results[best].name}."
    return "\n".join([*_table(pl.DataFrame(rows)), "", note]) + "\n"
