"""The quota refusal says when the user can request again, never earlier than the real moment."""

from __future__ import annotations

from datetime import UTC, datetime

from earmark.requests.quota import QuotaExceeded, when_text


def test_when_text_rounds_up_to_the_minute() -> None:
    assert when_text(datetime(2026, 12, 8, 14, 4, 30, tzinfo=UTC)) == "Tue 8 Dec at 14:05 UTC"
    assert when_text(datetime(2026, 12, 8, 14, 5, tzinfo=UTC)) == "Tue 8 Dec at 14:05 UTC"


def test_quota_refusal_names_the_limit_and_the_moment() -> None:
    refusal = QuotaExceeded(3, "week", datetime(2026, 12, 8, 14, 5, tzinfo=UTC))
    assert refusal.message == (
        "You have used your quota of 3 requests per week. "
        "You can request again on Tue 8 Dec at 14:05 UTC."
    )
