"""Why no release was taken, in plain words: a sentence and the closest candidate's problems.

Works on a ranked release's stored record (`RankedRelease.as_json`, kept as the candidate's
score breakdown), so the request page can explain a search long after it ran.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from earmark.rule_codes import RankingRule

# Scores run from 0 to 100 (search/criteria.py caps the total).
BEST_POSSIBLE_SCORE = 100


@dataclass(frozen=True)
class Refusal:
    """The closest release that was refused, and each reason it was not good enough."""

    title: str
    problems: tuple[str, ...]

    @property
    def summary(self) -> str:
        return f"No release was good enough yet. The closest was '{self.title}'."


def _whole(value: float) -> str:
    return f"{value:.0f}"


def _floor_problem(record: Mapping[str, Any]) -> str | None:
    score = float(record.get("score") or 0)
    preference = float(record.get("preference", score) or 0)
    floor = float(record.get("floor") or 0)
    if score < floor:
        problem = (
            f"It matched the book well enough for {_whole(score)} points out of "
            f"{BEST_POSSIBLE_SCORE}; at least {_whole(floor)} are needed"
        )
        if floor > BEST_POSSIBLE_SCORE:
            problem += " (more than any release can reach: lower the confidence floor)"
        return problem
    if preference < floor:
        return (
            f"Its indexer's priority and flags bring it down to {_whole(preference)} points, "
            f"under the {_whole(floor)} needed"
        )
    return None


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def problems_of(record: Mapping[str, Any]) -> tuple[str, ...]:
    """The reasons a release was refused, each a sentence; the score shortfall last."""
    rules = [
        _sentence(str(item.get("message", "")))
        for item in record.get("rejections", [])
        if item.get("code") != RankingRule.BELOW_FLOOR and item.get("message")
    ]
    if not rules and not record.get("rejections"):
        # Records stored before rejections had codes carry plain reasons.
        rules = [_sentence(str(reason)) for reason in record.get("reasons", [])]
    floor = _floor_problem(record)
    return (*rules, *([floor] if floor else []))


def refusal_of(record: Mapping[str, Any]) -> Refusal | None:
    """The plain-words refusal of a stored candidate; None when it was accepted."""
    if record.get("accepted"):
        return None
    return Refusal(str(record.get("title", "")), problems_of(record))
