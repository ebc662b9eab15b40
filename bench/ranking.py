"""Benchmark: rank 5,000 generated releases for one book and print timings as JSON."""

from __future__ import annotations

import json
import random
import statistics
import sys
import time

from earmark.integrations.indexers import Release
from earmark.search.ranking import BookProfile, RankingProfile, rank_releases
from earmark.search.text import normalise

RELEASE_COUNT = 5000
ROUNDS = 3
BOOK = BookProfile(
    "The Hero of Ages",
    ("Brandon Sanderson",),
    narrators=("Michael Kramer",),
    series="Mistborn",
    series_position="3",
    runtime_minutes=1995,
)
TITLES = [
    "Brandon Sanderson - Mistborn 03 - The Hero of Ages [M4B]",
    "The Hero of Ages - Brandon Sanderson (2008) MP3 64kbps",
    "Brandon Sanderson - Mistborn, Book 2 - The Well of Ascension",
    "Brandon Sanderson - The Final Empire [GER] Hörbuch",
    "Brandon Sanderson - Mistborn Trilogy Books 1-3 Box Set",
    "Hero.of.Ages.Brandon.Sanderson.Unabridged.M4B-GRP",
    "Sanderson, Brandon - Elantris (Unabridged)",
    "Michael Kramer reads The Hero of Ages by Brandon Sanderson FLAC",
]


def generate(count: int, seed: int = 7) -> list[Release]:
    rng = random.Random(seed)
    return [
        Release(
            guid=f"g{index}",
            title=f"{rng.choice(TITLES)} {rng.choice(['', 'v2', '[Retail]', 'x'])}",
            size_bytes=rng.randint(1, 3000) * 1024 * 1024,
            seeders=rng.randint(0, 900),
            leechers=rng.randint(0, 20),
            indexer="Bench",
            indexer_id=rng.randint(1, 4),
            protocol="usenet" if rng.random() < 0.2 else "torrent",
            download_url="http://x/d",
            magnet_url=None,
            info_hash=None,
            publish_date=None,
            flags=("freeleech",) if rng.random() < 0.1 else (),
        )
        for index in range(count)
    ]


def main() -> None:
    releases = generate(RELEASE_COUNT)
    profile = RankingProfile(indexer_priorities={1: 20}, flag_points={"freeleech": 5})
    timings: list[float] = []
    accepted = 0
    for _ in range(ROUNDS):
        normalise.cache_clear()  # every round pays the full text work
        started = time.perf_counter()
        ranked = rank_releases(BOOK, releases, profile)
        timings.append(time.perf_counter() - started)
        accepted = sum(item.accepted for item in ranked)
    best = min(timings)
    json.dump(
        {
            "benchmark": "rank_releases",
            "releases": RELEASE_COUNT,
            "rounds": ROUNDS,
            "best_seconds": round(best, 4),
            "median_seconds": round(statistics.median(timings), 4),
            "releases_per_second": round(RELEASE_COUNT / best),
            "accepted": accepted,
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
