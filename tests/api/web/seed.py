"""Rows the page tests and browser tests start from: users, cached books, requests, job events."""

from __future__ import annotations

import uuid
from datetime import timedelta

from earmark.catalog.models import AudibleCache
from earmark.db.engine import transaction
from earmark.queue.models import Job, JobEvent
from earmark.requests.models import Audiobook, Request
from earmark.security.passwords import hash_password
from earmark.users.models import User
from earmark.wiring import Services

ADMIN_PASSWORD = "correct-horse-battery"


def add_user(
    services: Services, name: str, role: str = "user", *, local_admin: bool = False
) -> User:
    with transaction(services.sessions) as session:
        user = User(
            plex_id=f"local-{name.lower()}" if local_admin else f"plex-{name}",
            plex_username=name,
            plex_email=f"{name}@example.test",
            role=role,
            is_setup_admin=local_admin,
            auth_token=services.cipher.encrypt(hash_password(ADMIN_PASSWORD))
            if local_admin
            else None,
        )
        session.add(user)
        session.flush()
        session.expunge(user)
    return user


def add_books(services: Services, count: int = 6) -> list[str]:
    asins = [f"B0TEST{index:04d}" for index in range(count)]
    with transaction(services.sessions) as session:
        for index, asin in enumerate(asins):
            session.add(
                AudibleCache(
                    asin=asin,
                    title=f"The Loopback Chronicles {index + 1}",
                    author="Ada Lovelace",
                    narrator="Grace Hopper",
                    description="A tale of packets that never leave the machine.",
                    duration_minutes=600 + index,
                    rating=4.5,
                    release_date="2024-05-01",
                    genres=["Science Fiction"],
                    is_popular=True,
                    popular_rank=index + 1,
                    is_new_release=index % 2 == 0,
                    new_release_rank=index + 1,
                )
            )
    return asins


def add_request(
    services: Services,
    user: User,
    title: str,
    status: str,
    *,
    progress: int = 0,
    error: str | None = None,
    asin: str | None = None,
) -> uuid.UUID:
    with transaction(services.sessions) as session:
        book = Audiobook(audible_asin=asin, title=title, author="Ada Lovelace")
        session.add(book)
        session.flush()
        request = Request(
            user_id=user.id,
            audiobook_id=book.id,
            status=status,
            progress=progress,
            error_message=error,
        )
        session.add(request)
        session.flush()
        return request.id


def add_job_events(services: Services, request_id: uuid.UUID | None, count: int) -> None:
    """One search job with `count` events cycling info/warn/error, a second apart."""
    now = services.clock.now()
    with transaction(services.sessions) as session:
        job = Job(type="search_indexers", status="failed", request_id=request_id, payload={})
        session.add(job)
        session.flush()
        levels = ("info", "warn", "error")
        for index in range(count):
            session.add(
                JobEvent(
                    job_id=job.id,
                    level=levels[index % 3],
                    context="SearchIndexers",
                    message=f"event number {index} ({levels[index % 3]})",
                    created_at=now - timedelta(seconds=count - index),
                )
            )
