"""Deterministic, realistic Audible products for the fake (series, co-authors, accents, gaps)."""

from __future__ import annotations

import base64
import random
import string
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

FIRST_NAMES = (
    "Amélie",
    "Björn",
    "Chloé",
    "Dmitri",
    "Éowyn",
    "François",
    "Gülşen",
    "Hiroshi",
    "Inés",
    "José",
    "Kateřina",
    "Łukasz",
    "Mónica",
    "Nnamdi",
    "Øystein",
    "Priya",
    "Rafał",
    "Siobhán",
    "Tomás",
    "Úna",
    "Wei",
    "Yūko",
    "Zoë",
    "James",
    "Sarah",
    "Michael",
    "Emma",
    "David",
    "Olivia",
)
LAST_NAMES = (
    "Åkesson",
    "Brontë",
    "Castañeda",
    "Dvořák",
    "Eriksen",
    "Fernández",
    "Gómez",
    "Håkansson",
    "Ishikawa",
    "Jäger",
    "Kowalczyk",
    "López",
    "Müller",
    "Nakamura",
    "O'Brien",
    "Petrović",
    "Quiñones",
    "Rossi",
    "Søndergaard",
    "Thompson",
    "Umarov",
    "Villeneuve",
    "Whitfield",
    "Zieliński",
)
ADJECTIVES = (
    "Silent",
    "Burning",
    "Hidden",
    "Last",
    "Crimson",
    "Forgotten",
    "Endless",
    "Broken",
    "Golden",
    "Wandering",
    "Hollow",
    "Midnight",
    "Distant",
    "Shattered",
    "Quiet",
    "Wild",
)
NOUNS = (
    "Kingdom",
    "River",
    "Orchard",
    "Starship",
    "Library",
    "Garden",
    "Harbour",
    "Citadel",
    "Forest",
    "Archive",
    "Lighthouse",
    "Empire",
    "Compass",
    "Winter",
    "Circus",
    "Café",
)
GENRES = (
    ("Science Fiction & Fantasy", ("Fantasy", "Epic Fantasy", "Science Fiction", "Space Opera")),
    ("Mystery, Thriller & Suspense", ("Thriller & Suspense", "Crime Thrillers", "Cozy Mystery")),
    ("Literature & Fiction", ("Historical Fiction", "Literary Fiction", "Humour")),
    ("Biographies & Memoirs", ("Memoirs", "Historical")),
    ("History", ("Europe", "World", "Military")),
    ("Romance", ("Contemporary", "Historical Romance")),
)
LANGUAGES = ("english",) * 8 + ("german", "french")


@dataclass(frozen=True)
class Locale:
    """How a marketplace's own editions read: title words, subtitle, language, ASIN form.

    Titles are "<head> <tail>" ("Das Erbe des Nordens"). A tenth of the books are English
    imports, as the non-English stores list them beside their own editions.
    """

    language: str
    heads: tuple[str, ...]
    tails: tuple[str, ...]
    subtitle: str
    isbn_asins: str = ""  # publisher's ISBN-10 prefix: such stores list many books by ISBN
    joiner: str = " "

    def title(self, rng: random.Random) -> str:
        return rng.choice(self.heads) + self.joiner + rng.choice(self.tails)


LOCALES = {
    "de": Locale("german", ("Das Erbe", "Die Stimme", "Der Schatten", "Das Lied", "Die Spur"),
                 ("des Nordens", "der Sterne", "des Winters", "der Vergessenen", "am Fluss"),
                 "Roman", isbn_asins="38"),
    "fr": Locale("french", ("L'Héritage", "La Voix", "L'Ombre", "Le Chant", "La Trace"),
                 ("du Nord", "des étoiles", "de l'hiver", "des oubliés", "du fleuve"), "Roman"),
    "it": Locale("italian", ("L'Eredità", "La Voce", "L'Ombra", "Il Canto", "La Traccia"),
                 ("del Nord", "delle stelle", "dell'inverno", "dei dimenticati", "del fiume"),
                 "Romanzo"),
    "es": Locale("spanish", ("La Herencia", "La Voz", "La Sombra", "El Canto", "La Huella"),
                 ("del Norte", "de las estrellas", "del invierno", "de los olvidados", "del río"),
                 "Novela"),
    "jp": Locale("japanese", ("北の", "星の", "冬の", "忘れられた", "川辺の"),
                 ("遺産", "声", "影", "歌", "足跡"), "長編小説", joiner=""),
}  # fmt: skip

# A real 16x16 baseline JPEG (made with ffmpeg); each cover gets a comment segment naming its ASIN.
_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgQEBMQExYWFhYWFhoYGhsbGxoaGhobGxsd"
    "HR0iIiIdHR0bGx0dICAiIiUmJSMjIiMmJigoKDAwLi44ODpFRVP/xABLAAEBAAAAAAAAAAAAAAAAAAAABgEBAAAAAAAA"
    "AAAAAAAAAAAABRABAAAAAAAAAAAAAAAAAAAAABEBAAAAAAAAAAAAAAAAAAAAAP/AABEIABAAEAMBIgACEQADEQD/2gAMAw"
    "EAAhEDEQA/AJcA2Jf/2Q=="
)


def cover_jpeg(asin: str) -> bytes:
    comment = asin.encode()
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return _JPEG[:2] + segment + _JPEG[2:]


@dataclass
class FakeProduct:
    """One catalog entry; `audible` is the API's product object minus host-dependent cover URLs."""

    asin: str
    audible: dict[str, Any]
    audnexus: dict[str, Any] | None
    bestseller_rank: int
    has_cover: bool
    author_asins: list[str] = field(default_factory=list)

    @property
    def is_released_book(self) -> bool:
        """What belongs on Earmark's charts: neither a pre-order nor a podcast."""
        return not self.audible["is_preorderable"] and self.audible["content_type"] == "Product"


def _asin(rng: random.Random, used: set[str], isbn_prefix: str = "") -> str:
    while True:
        if isbn_prefix:
            asin = isbn_prefix + "".join(rng.choices(string.digits, k=10 - len(isbn_prefix)))
        else:
            asin = "B0" + "".join(rng.choices(string.ascii_uppercase + string.digits, k=8))
        if asin not in used:
            used.add(asin)
            return asin


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _summary(rng: random.Random, title: str, author: str) -> str:
    noun = rng.choice(NOUNS).lower()
    return (
        f"<p><b>{title}</b> &mdash; the {noun} story {author} was born to tell.</p>"
        f"<p>A tale of courage &amp; loss, told across <i>three</i> generations.</p>"
        "<script>alert('not for display')</script>"
    )


def _ladders(rng: random.Random) -> list[dict[str, Any]]:
    root, children = rng.choice(GENRES)
    picks = rng.sample(children, k=min(2, len(children)))
    return [
        {
            "root": "Genres",
            "ladder": [
                {"id": str(zlib.crc32(root.encode())), "name": root},
                {"id": str(zlib.crc32(p.encode())), "name": p},
            ],
        }
        for p in picks
    ]


def _series_entries(rng: random.Random, index: int, used: set[str]) -> list[dict[str, Any]]:
    if index % 3:
        return []
    name = f"The {rng.choice(NOUNS)} Chronicles"
    sequence = rng.choice(("1", "2", "3", "4", "2.5", "Book 5"))
    return [{"asin": _asin(rng, used), "title": name, "sequence": sequence, "url": "/pd/series"}]


def _audible_product(
    rng: random.Random, index: int, asin: str, used: set[str], locale: Locale | None = None
) -> dict[str, Any]:
    authors = [
        {"asin": _asin(rng, used), "name": _person(rng)} for _ in range(1 + (index % 5 == 0))
    ]
    narrators = [{"name": _person(rng)} for _ in range(1 + (index % 4 == 0) * 2)]
    own_edition = locale is not None and index % 10 != 5
    title = (
        locale.title(rng)
        if locale is not None and own_edition
        else f"The {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    )
    released = date(2026, 1, 1) - timedelta(days=rng.randint(0, 3650))
    own_language = locale.language if locale and own_edition else "english"
    product: dict[str, Any] = {
        "asin": asin,
        "title": title,
        "authors": authors,
        "narrators": narrators if index % 11 else [],
        "runtime_length_min": rng.randint(90, 2400),
        "release_date": released.isoformat(),
        "language": rng.choice(LANGUAGES) if locale is None else own_language,
        "format_type": "unabridged",
        "content_type": "Product",
        "content_delivery_type": "MultiPartBook" if index % 8 == 0 else "SinglePartBook",
        "is_preorderable": False,
        "preorder_release_date": f"{released.isoformat()}T08:00:00Z",
        "publisher_name": rng.choice(("Podium Audio", "Tantor", "Hörbuch Hamburg", "Macmillan")),
        "merchandising_summary": f"<p>A gripping listen from {authors[0]['name']}.</p>",
        "series": _series_entries(rng, index, used),
        "category_ladders": _ladders(rng) if index % 6 else [],
        "rating": {
            "overall_distribution": {
                "display_average_rating": f"{rng.uniform(3.2, 5.0):.1f}",
                "display_stars": round(rng.uniform(3.0, 5.0) * 2) / 2,
                "num_ratings": rng.randint(3, 90000),
            }
        },
    }
    if index % 2:
        noun = rng.choice(NOUNS)
        product["subtitle"] = locale.subtitle if locale and own_edition else f"A {noun} Novel"
    if index % 7:
        product["publisher_summary"] = _summary(rng, title, authors[0]["name"])
    if index % 13 == 0:
        del product["rating"]
    return product


def _audnexus_record(
    product: dict[str, Any], rng: random.Random, region: str = "us"
) -> dict[str, Any]:
    series = product["series"][0] if product["series"] else None
    genres = [
        {"asin": "18574" + str(i), "name": name, "type": "genre" if i == 0 else "tag"}
        for i, name in enumerate(rng.sample([g for _, c in GENRES for g in c], k=3))
    ]
    record: dict[str, Any] = {
        "asin": product["asin"],
        "title": product["title"],
        "authors": product["authors"],
        "narrators": product["narrators"],
        "genres": genres,
        "runtimeLengthMin": product["runtime_length_min"],
        "releaseDate": product["release_date"] + "T00:00:00.000Z",
        "language": product["language"],
        "summary": product.get("publisher_summary") or product["merchandising_summary"],
        "rating": product.get("rating", {})
        .get("overall_distribution", {})
        .get("display_average_rating", "4.1"),
        "formatType": "unabridged",
        "region": region,
    }
    if "subtitle" in product:
        record["subtitle"] = product["subtitle"]
    if series:
        record["seriesPrimary"] = {
            "asin": series["asin"],
            "name": series["title"],
            "position": series["sequence"],
        }
    return record


def _make_preorder(product: dict[str, Any], index: int) -> None:
    """A title listed ahead of its release, as Audible's charts and catalog show them."""
    release = date.today() + timedelta(days=7 + index % 90)
    product["is_preorderable"] = True
    product["release_date"] = release.isoformat()
    product["preorder_release_date"] = f"{release.isoformat()}T08:00:00Z"


def _make_podcast(product: dict[str, Any]) -> None:
    """A podcast show, which Audible's catalog and charts list beside books."""
    product["content_type"] = "Podcast"
    product["content_delivery_type"] = "PodcastParent"
    product["format_type"] = "original_recording"


def generate_products(
    count: int = 300, seed: int = 20260101, region: str = "us"
) -> list[FakeProduct]:
    """The catalog of one marketplace; its own editions are localised (see `LOCALES`), and each
    marketplace's seed differs, so its ASINs are its own."""
    locale = LOCALES.get(region)
    rng = random.Random(seed if region == "us" else f"{seed}-{region}")
    used: set[str] = set()
    ranks = list(range(1, count + 1))
    rng.shuffle(ranks)
    products = []
    for index in range(count):
        asin = _asin(rng, used, locale.isbn_asins if locale else "")
        audible = _audible_product(rng, index, asin, used, locale)
        if index % 20 == 9:
            _make_preorder(audible, index)
        elif index % 20 == 19:
            _make_podcast(audible)
        products.append(
            FakeProduct(
                asin=asin,
                audible=audible,
                audnexus=None if index % 9 == 4 else _audnexus_record(audible, rng, region),
                bestseller_rank=ranks[index],
                has_cover=index % 10 != 7,
                author_asins=[a["asin"] for a in audible["authors"]],
            )
        )
    return products
