"""refresh_catalog against the fake upstream and a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from earmark.catalog.covers import ThumbnailStore
from earmark.catalog.models import AudibleCache
from earmark.catalog.refresh import RefreshOptions, refresh_catalog
from earmark.core.clock import FrozenClock
from earmark.integrations.catalog_sources import Chart, ChartPage
from earmark.integrations.catalog_sources.audible.client import AudibleCatalog
from earmark.integrations.errors import Unreachable
from earmark.wiring import Services
from tests.fakes.audible_fixtures import RunningFake

COLUMNS = (
    "asin", "title", "author", "narrator", "series", "cached_cover_path", "genres", "is_popular",
    "is_new_release", "popular_rank", "new_release_rank", "last_synced_at", "updated_at",
)  # fmt: skip


class RecordingLog:
    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []

    def info(self, message: str, **metadata: Any) -> None:
        self.lines.append(("info", message))

    def warn(self, message: str, **metadata: Any) -> None:
        self.lines.append(("warn", message))

    def error(self, message: str, **metadata: Any) -> None:
        self.lines.append(("error", message))


def _refresh(
    services: Services, log: RecordingLog, source: AudibleCatalog, options: RefreshOptions
) -> dict[str, Any]:
    thumbnails = ThumbnailStore(services.settings.thumbnails_dir)
    return refresh_catalog(
        services.sessions, thumbnails, log, source, options, now=services.clock.now()
    )


def _options(pauses: list[float] | None = None) -> RefreshOptions:
    return RefreshOptions(pause=(pauses if pauses is not None else []).append)


def _snapshot(services: Services) -> dict[str, tuple[Any, ...]]:
    with services.sessions() as session:
        rows = session.scalars(select(AudibleCache)).all()
        return {row.asin: tuple(getattr(row, c) for c in COLUMNS) for row in rows}


def _ranks(services: Services, chart: Chart) -> list[str]:
    column = AudibleCache.popular_rank if chart == "popular" else AudibleCache.new_release_rank
    flag = AudibleCache.is_popular if chart == "popular" else AudibleCache.is_new_release
    with services.sessions() as session:
        return list(session.scalars(select(AudibleCache.asin).where(flag).order_by(column)))


def _expected(fake: RunningFake, chart: Chart) -> list[str]:
    products = fake.app.state.products
    if chart == "popular":
        ordered = sorted(products, key=lambda p: p.bestseller_rank)
    else:
        ordered = sorted(products, key=lambda p: (p.audible["release_date"], p.asin), reverse=True)
    return [p.asin for p in ordered if p.is_released_book][:200]


def test_refresh_ranks_both_lists_exactly_and_caches_covers(
    services: Services, audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    pauses: list[float] = []
    result = _refresh(services, RecordingLog(), audible_source, _options(pauses))
    assert result["popular_saved"] == 200 and result["new_releases_saved"] == 200
    assert _ranks(services, "popular") == _expected(audible_fake, "popular")
    assert _ranks(services, "new_releases") == _expected(audible_fake, "new_releases")
    # 4 between each list's 5 pages (the 5th makes up for dropped entries), 1 between the lists
    assert len(pauses) == 9
    with services.sessions() as session:
        rows = session.scalars(select(AudibleCache)).all()
    with_cover = [r for r in rows if r.cover_art_url]
    assert with_cover and all(r.cached_cover_path for r in with_cover)
    assert all(r.cached_cover_path is None for r in rows if not r.cover_art_url)
    sample = Path(with_cover[0].cached_cover_path or "")
    assert sample.parent == services.settings.thumbnails_dir
    assert sample.read_bytes().startswith(b"\xff\xd8")
    assert result["covers_downloaded"] == len(with_cover)


def test_refresh_twice_with_same_upstream_changes_nothing(
    services: Services, audible_source: AudibleCatalog
) -> None:
    services.clock = FrozenClock()
    _refresh(services, RecordingLog(), audible_source, _options())
    before = _snapshot(services)
    again = _refresh(services, RecordingLog(), audible_source, _options())
    assert again["rows_changed"] == 0 and again["covers_downloaded"] == 0
    assert _snapshot(services) == before


def test_refresh_failing_mid_list_keeps_previous_list(
    services: Services, audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    _refresh(services, RecordingLog(), audible_source, _options())
    previous_new = _ranks(services, "new_releases")
    audible_fake.controls.chart_failures["new_releases"] = (3, 503)
    log = RecordingLog()
    result = _refresh(services, log, audible_source, _options())
    assert result["new_releases_kept_previous"] and not result["popular_kept_previous"]
    assert _ranks(services, "new_releases") == previous_new
    assert _ranks(services, "popular") == _expected(audible_fake, "popular")
    assert any(level == "warn" and "page 3" in text for level, text in log.lines)


def test_refresh_with_both_lists_failing_raises_and_changes_nothing(
    services: Services, audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    _refresh(services, RecordingLog(), audible_source, _options())
    before = _snapshot(services)
    audible_fake.controls.chart_failures.update({"popular": (1, 500), "new_releases": (2, 502)})
    with pytest.raises(Unreachable):
        _refresh(services, RecordingLog(), audible_source, _options())
    assert _snapshot(services) == before


class ShrinkingSource:
    """Wraps the real adapter; new releases come back empty, popular shrinks to its top 3."""

    def __init__(self, inner: AudibleCatalog) -> None:
        self.inner = inner

    def chart(self, chart: Chart, page: int, page_size: int) -> ChartPage:
        if chart == "new_releases" or page > 1:
            return ChartPage((), ())
        top = self.inner.chart(chart, page, page_size).books[:3]
        return ChartPage(top, tuple(b.asin for b in top))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_refresh_empty_list_keeps_flags_and_shorter_list_unflags_the_rest(
    services: Services, audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    _refresh(services, RecordingLog(), audible_source, _options())
    previous_new = _ranks(services, "new_releases")
    result = _refresh(services, RecordingLog(), ShrinkingSource(audible_source), _options())  # type: ignore[arg-type]
    assert result["new_releases_kept_previous"]
    assert _ranks(services, "new_releases") == previous_new
    assert _ranks(services, "popular") == _expected(audible_fake, "popular")[:3]
    with services.sessions() as session:
        ranks = session.scalars(
            select(AudibleCache.popular_rank).where(AudibleCache.popular_rank.is_not(None))
        )
        assert sorted(ranks) == [1, 2, 3]


def test_refresh_skips_covers_that_are_not_images(
    services: Services, audible_source: AudibleCatalog, audible_fake: RunningFake
) -> None:
    audible_fake.controls.cover_content_type = "text/html"
    log = RecordingLog()
    result = _refresh(services, log, audible_source, _options())
    assert result["covers_downloaded"] == 0 and result["covers_failed"] > 0
    assert not list(services.settings.thumbnails_dir.glob("*"))
    assert any("not an image" in text for _, text in log.lines)
