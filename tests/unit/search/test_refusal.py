"""A refused release's problems in plain words, from its stored record."""

from __future__ import annotations

from earmark.rule_codes import RankingRule
from earmark.search.refusal import problems_of, refusal_of


def _record(**fields: object) -> dict[str, object]:
    return {"title": "Dune [M4B]", "score": 72.4, "preference": 72.4, "floor": 50.0, **fields}


def test_rule_refusals_become_sentences_and_the_floor_code_is_not_repeated() -> None:
    record = _record(
        score=31.2,
        preference=31.2,
        rejections=[
            {"code": RankingRule.BUNDLE.value, "message": "several books in one release"},
            {"code": RankingRule.BELOW_FLOOR.value, "message": "score 31.2 is below 50"},
        ],
    )
    assert problems_of(record) == (
        "Several books in one release",
        "It matched the book well enough for 31 points out of 100; at least 50 are needed",
    )


def test_a_floor_above_the_best_possible_score_says_so() -> None:
    problems = problems_of(_record(floor=150.0, rejections=[]))
    assert problems == (
        "It matched the book well enough for 72 points out of 100; at least 150 are needed "
        "(more than any release can reach: lower the confidence floor)",
    )


def test_a_good_score_pulled_down_by_indexer_preference() -> None:
    assert problems_of(_record(preference=44.0, rejections=[])) == (
        "Its indexer's priority and flags bring it down to 44 points, under the 50 needed",
    )


def test_an_accepted_release_has_no_refusal() -> None:
    assert refusal_of(_record(accepted=True)) is None
    refusal = refusal_of(_record(accepted=False, rejections=[]))
    assert refusal is not None and refusal.summary.endswith("The closest was 'Dune [M4B]'.")
