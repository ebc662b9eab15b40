"""Which catalog products belong on a chart: released audiobooks, not pre-orders or podcasts.

Audible's charts and catalog mix in products nobody can download yet (`is_preorderable`, or a
`release_date`/`preorder_release_date` still ahead; a released book keeps its past
`preorder_release_date`) and products that are not books (`content_type` "Podcast",
`content_delivery_type` "PodcastParent"/"PodcastEpisode"/"Periodical", …). A book is delivered
as "SinglePartBook" or "MultiPartBook"; when the delivery type is missing, the content type
decides.
"""

from __future__ import annotations

from datetime import date
from typing import Any

BOOK_DELIVERY_TYPES = frozenset({"SinglePartBook", "MultiPartBook"})
NON_BOOK_CONTENT_TYPES = frozenset(
    {"Podcast", "Episode", "Newspaper / Magazine", "Radio/TV Program", "Periodical"}
)


def _date_of(value: Any) -> date | None:
    """The date part of "2025-12-16" or "2025-12-16T08:00:00Z"; None when absent or unreadable."""
    if not isinstance(value, str) or len(value) < len("2025-12-16"):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def is_preorder(product: dict[str, Any], today: date) -> bool:
    if product.get("is_preorderable") is True:
        return True
    dates = (_date_of(product.get(key)) for key in ("release_date", "preorder_release_date"))
    return any(day is not None and day > today for day in dates)


def is_book(product: dict[str, Any]) -> bool:
    delivery = product.get("content_delivery_type")
    if isinstance(delivery, str) and delivery:
        return delivery in BOOK_DELIVERY_TYPES
    return product.get("content_type") not in NON_BOOK_CONTENT_TYPES


def belongs_on_chart(product: dict[str, Any], today: date) -> bool:
    return is_book(product) and not is_preorder(product, today)
