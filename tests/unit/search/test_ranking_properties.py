"""Invariants of the ranking, checked with generated releases."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from earmark.integrations.indexers import Release
from earmark.search.ranking import BookProfile, RankingProfile, rank_releases
from tests.unit.search.builders import release

FOUNDATION = BookProfile(
    "Foundation", ("Isaac Asimov",), series="Foundation", series_position="1", runtime_minutes=505
)
PROFILE = RankingProfile(
    indexer_priorities={1: 25, 2: 5}, flag_points={"freeleech": 5, "nuked": -80}
)
WORDS = ["Isaac", "Asimov", "Foundation", "and", "Empire", "Second", "M4B", "MP3", "Unabridged",
         "Abridged", "2021", "Book", "1", "2", "German", "-", "[", "]", "(", ")", ":", "Robot"]  # fmt: skip
NOISE = ["M4B", "MP3", "Unabridged", "2021", "64kbps", "Retail", "Audiobook", "128kbps", "AAC"]
WRONG_BOOKS = [
    "Isaac Asimov - Foundation and Empire",
    "Isaac Asimov - Second Foundation",
    "Isaac Asimov - Foundation's Edge",
    "Isaac Asimov - Prelude to Foundation",
    "Isaac Asimov - Forward the Foundation",
    "Isaac Asimov - I, Robot",
    "Brian Herbert - Foundation",
    "Foundation and Earth - Isaac Asimov",
]


@st.composite
def releases(draw: st.DrawFn, guid: int) -> Release:
    title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9)))
    protocol = draw(st.sampled_from(["torrent", "usenet"]))
    published = draw(
        st.none()
        | st.integers(0, 2000).map(lambda d: datetime(2020, 1, 1, tzinfo=UTC) + timedelta(days=d))
    )
    return Release(
        guid=f"guid-{guid}",
        title=title,
        size_bytes=draw(st.integers(0, 3 * 1024**3)),
        seeders=None if protocol == "usenet" else draw(st.none() | st.integers(0, 5000)),
        leechers=draw(st.none() | st.integers(0, 50)),
        indexer="Test",
        indexer_id=draw(st.sampled_from([None, 1, 2, 3])),
        protocol="usenet" if protocol == "usenet" else "torrent",
        download_url="http://prowlarr.local/download",
        magnet_url=None,
        info_hash=None,
        publish_date=published,
        flags=tuple(
            draw(st.lists(st.sampled_from(["freeleech", "nuked", "internal"]), max_size=2))
        ),
    )


release_lists = st.integers(0, 12).flatmap(
    lambda size: st.tuples(*(releases(index) for index in range(size))).map(list)
)


@settings(max_examples=100, deadline=None)
@given(release_lists, st.randoms(use_true_random=False))
def test_rank_is_deterministic_and_independent_of_input_order(
    items: list[Release], rnd: object
) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]

    first = rank_releases(FOUNDATION, items, PROFILE)

    assert first == rank_releases(FOUNDATION, items, PROFILE)
    assert first == rank_releases(FOUNDATION, shuffled, PROFILE)


@settings(max_examples=100, deadline=None)
@given(release_lists, st.floats(0, 100))
def test_rank_scores_are_bounded_and_accepted_clear_the_floor(
    items: list[Release], floor: float
) -> None:
    profile = RankingProfile(min_score=floor, flag_points={"nuked": -80})

    ranked = rank_releases(FOUNDATION, items, profile)

    for item in ranked:
        assert 0 <= item.score <= 100
        assert item.preference >= 0
        assert item.accepted == (not item.reasons)
        if item.accepted:
            assert item.score >= floor and item.preference >= floor
        json.dumps(item.as_json())
    accepted_flags = [item.accepted for item in ranked]
    assert accepted_flags == sorted(accepted_flags, reverse=True)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(WRONG_BOOKS),
    st.lists(st.tuples(st.integers(0, 20), st.sampled_from(NOISE)), max_size=6),
    st.lists(st.sampled_from(NOISE), max_size=3),
)
def test_rank_noise_words_never_make_a_wrong_book_acceptable(
    wrong_title: str, inserted: list[tuple[int, str]], bracketed: list[str]
) -> None:
    words = wrong_title.split()
    for position, noise in inserted:
        words.insert(position % (len(words) + 1), noise)
    title = " ".join(words) + "".join(f" [{noise}]" for noise in bracketed)
    item = release(title, 450, 500, flags=("freeleech",))

    (ranked,) = rank_releases(FOUNDATION, [item], PROFILE)

    assert not ranked.accepted, title
