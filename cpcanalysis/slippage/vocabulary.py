"""The slippage vocabularies, read once from package data under ``cpcanalysis/data/slippage/``.

- ``cues.toml``: phrases that mark a date in update text as a new target (revision cues) or as
  something that already happened (past-event cues);
- ``deadline_classes.toml``: how a deadline's kind and precision decide its ``deadline_class``;
- ``timelines.toml``: the LGA's own timelines (plan within 3 and 5 months, review about 10), and
  the words of a sentence that states the plan's adoption date.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from cpcanalysis.errors import CpcError
from cpcanalysis.package_data import read_data_text
from cpcanalysis.schema import TABLES


def _allowed(table: str, column: str) -> tuple[str, ...]:
    (values,) = [f.allowed for f in TABLES[table] if f.name == column]
    return values or ()


# declared once, in the schema
DEADLINE_CLASSES: tuple[str, ...] = _allowed("slippage", "deadline_class")
REVISION_SOURCES: tuple[str, ...] = _allowed("slippage", "revision_source")


@dataclass(frozen=True)
class Cues:
    revision: tuple[str, ...]
    past: tuple[str, ...]
    max_words: int


@dataclass(frozen=True)
class ClassRules:
    by_kind: dict[str, str]
    by_precision: dict[str, str]
    missing_precision: str


@dataclass(frozen=True)
class Adoption:
    subjects: tuple[str, ...]
    verbs: tuple[str, ...]
    unless: tuple[str, ...]
    precisions: tuple[str, ...]


@dataclass(frozen=True)
class Timelines:
    plan_months: int
    plan_months_latest: int
    review_months: int
    review_tolerance_months: int
    adoption: Adoption


def _read(name: str) -> dict:
    try:
        return tomllib.loads(read_data_text("slippage", name))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        msg = f"cannot read package data cpcanalysis/data/slippage/{name}: {exc}"
        raise CpcError(msg, hint="reinstall cpcanalysis or fix the TOML file") from exc


def _check_classes(values: list[str], name: str) -> None:
    bad = sorted(set(values) - set(DEADLINE_CLASSES))
    if bad:
        msg = f"cpcanalysis/data/slippage/{name} maps to unknown classes {bad}"
        raise CpcError(msg, hint=f"use one of {list(DEADLINE_CLASSES)}")


@cache
def cues() -> Cues:
    data = _read("cues.toml")
    return Cues(
        revision=tuple(data["revision"]),
        past=tuple(data["past"]),
        max_words=int(data["max_words"]),
    )


@cache
def class_rules() -> ClassRules:
    data = _read("deadline_classes.toml")
    rules = ClassRules(
        by_kind=dict(data["kinds"]),
        by_precision=dict(data["precisions"]),
        missing_precision=str(data["missing_precision"]),
    )
    values = [*rules.by_kind.values(), *rules.by_precision.values(), rules.missing_precision]
    _check_classes(values, "deadline_classes.toml")
    return rules


@cache
def timelines() -> Timelines:
    data = _read("timelines.toml")
    adoption = Adoption(**{k: tuple(v) for k, v in data.pop("adoption").items()})
    return Timelines(**{k: int(v) for k, v in data.items()}, adoption=adoption)
