"""BookDate tables: stored recommendations per user and the swipes made on them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from earmark.db.base import Base, UuidPrimaryKey
from earmark.db.types import UtcDateTime, allowed_values

RECOMMENDATION_STATUSES = ("shown", "swiped")
DIRECTIONS = ("left", "right", "up")


class BookdateRecommendation(UuidPrimaryKey, Base):
    __tablename__ = "bookdate_recommendations"
    __table_args__ = (
        # One card per book and user: a book is never recommended to the same person twice.
        UniqueConstraint("user_id", "asin"),
        allowed_values("status", RECOMMENDATION_STATUSES, "status"),
        Index(None, "user_id", "batch_id"),
        Index(None, "user_id", "status", "position"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    batch_id: Mapped[str] = mapped_column(String(40), nullable=False)
    asin: Mapped[str] = mapped_column(String(16), nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(Text, nullable=False, default="")
    narrator: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    cover_url: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[float | None] = mapped_column(Float)
    # The model's one-line reason for this pick, shown on the card.
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Display order among the user's cards; undo puts a card back in front with a smaller one.
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="shown")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)


class BookdateSwipe(UuidPrimaryKey, Base):
    """One swipe; undo deletes the row, so every stored swipe is in effect."""

    __tablename__ = "bookdate_swipes"
    __table_args__ = (
        allowed_values("direction", DIRECTIONS, "direction"),
        Index(None, "user_id", "sequence"),
        Index(None, "recommendation_id"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False
    )
    recommendation_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("bookdate_recommendations.id", ondelete="SET NULL")
    )
    asin: Mapped[str] = mapped_column(String(16), nullable=False)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    author: Mapped[str] = mapped_column(Text, nullable=False, default="")
    direction: Mapped[str] = mapped_column(String(8), nullable=False)
    request_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("requests.id", ondelete="SET NULL")
    )
    # Per-user counter: orders swipes made within the same clock tick, so undo is exact.
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, nullable=False)
