"""Folder templates: placeholders, clean collapse of empty ones, sanitizing, staying inside the root."""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from earmark.core.errors import InvalidInput
from earmark.library.book_info import BookInfo
from earmark.library.errors import ImportFailed
from earmark.library.templates import (
    flat_file_names,
    render_relative_folder,
    resolve_target_folder,
    sanitize_component,
    validate_template,
)

FULL = BookInfo(
    title="Project Hail Mary",
    author="Andy Weir",
    narrator="Ray Porter",
    series="Standalone",
    series_position="1",
    year=2021,
    asin="B08G9PRS1K",
)
BARE = BookInfo(title="Project Hail Mary", author="Andy Weir")


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{author}/{title}", "Andy Weir/Project Hail Mary"),
        ("{author}/{title} {asin}", "Andy Weir/Project Hail Mary B08G9PRS1K"),
        (
            "{author}/{series}/{series_position} - {title} ({year})",
            "Andy Weir/Standalone/1 - Project Hail Mary (2021)",
        ),
        ("{author}/{title} [{narrator}]", "Andy Weir/Project Hail Mary [Ray Porter]"),
    ],
)
def test_render_relative_folder_all_values_substituted(template: str, expected: str) -> None:
    assert render_relative_folder(template, FULL) == PurePosixPath(expected)


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{author}/{series}/{title}", "Andy Weir/Project Hail Mary"),
        ("{author}/{series} - {series_position} - {title}", "Andy Weir/Project Hail Mary"),
        ("{author}/{series} #{series_position} - {title} ({year})", "Andy Weir/Project Hail Mary"),
        ("{author} - {series} - {title} [{asin}] {narrator}", "Andy Weir - Project Hail Mary"),
        ("{author}/{title}, {narrator}", "Andy Weir/Project Hail Mary"),
    ],
)
def test_render_relative_folder_empty_placeholders_collapse_cleanly(
    template: str, expected: str
) -> None:
    assert render_relative_folder(template, BARE) == PurePosixPath(expected)


def test_render_relative_folder_value_punctuation_kept() -> None:
    book = BookInfo(title="#1 Fan -", author="Author")
    assert render_relative_folder("{author}/{title}", book) == PurePosixPath("Author/#1 Fan -")


def test_render_relative_folder_colon_and_slash_in_values_do_not_split() -> None:
    book = BookInfo(title="Mistborn: The Final Empire", author="AC/DC")
    assert render_relative_folder("{author}/{title}", book) == PurePosixPath(
        "AC-DC/Mistborn - The Final Empire"
    )


def test_render_relative_folder_empty_author_and_title_get_names() -> None:
    book = BookInfo(title="..", author=" / ")
    assert render_relative_folder("{author}/{title}", book).parts[1] == "Untitled"
    assert (
        render_relative_folder("{author}/{title}", BookInfo(title="x", author="")).parts[0]
        == "Unknown Author"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("..", ""),
        ("...hidden", "hidden"),
        ("a\nb\r\tc\x00d", "a b c d"),
        ("\ufeff\u200bZero width", "Zero width"),
        ('What? <Why> "now" | *', "What Why now"),
        ("CON", "_CON"),
        ("lpt1.txt", "_lpt1.txt"),
        ("Trailing dots...", "Trailing dots"),
        ("Ünïcödé 本 😀", "Ünïcödé 本 😀"),
    ],
)
def test_sanitize_component_hostile_text(raw: str, expected: str) -> None:
    assert sanitize_component(raw) == expected


def test_sanitize_component_length_limited_on_character_boundary() -> None:
    cleaned = sanitize_component("é" * 500)
    assert len(cleaned.encode("utf-8")) <= 180
    assert set(cleaned) == {"é"}


def test_resolve_target_folder_hostile_names_stay_inside_root(tmp_path: Path) -> None:
    book = BookInfo(title="../../etc/passwd", author="../..", series="/abs\\path", asin="..")
    target = resolve_target_folder("{author}/{series}/{title}/{asin}", book, tmp_path)
    assert target.is_relative_to(tmp_path.resolve())
    assert len(target.relative_to(tmp_path.resolve()).parts) == 3


def test_resolve_target_folder_symlink_leading_outside_refused(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "Andy Weir").symlink_to(tmp_path)
    with pytest.raises(ImportFailed, match="not a folder inside the library"):
        resolve_target_folder("{author}/{title}", BARE, library)


def test_resolve_target_folder_unknown_placeholder_fails(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"\{publisher\}"):
        resolve_target_folder("{author}/{publisher}", BARE, tmp_path)


@pytest.mark.parametrize("template", ["{author}/{bogus}", "static/folder"])
def test_validate_template_bad_templates_rejected(template: str) -> None:
    with pytest.raises(InvalidInput):
        validate_template(template)


def test_flat_file_names_disc_folders_prefixed_in_order() -> None:
    relatives = [
        PurePosixPath(p) for p in ["Book/CD1/01.mp3", "Book/CD1/02.mp3", "Book/CD2/01.mp3"]
    ]
    assert flat_file_names(relatives) == ["CD1-01.mp3", "CD1-02.mp3", "CD2-01.mp3"]


def test_flat_file_names_single_folder_keeps_names() -> None:
    relatives = [PurePosixPath(p) for p in ["Book/01 Intro.MP3", "Book/02 Start.mp3"]]
    assert flat_file_names(relatives) == ["01 Intro.mp3", "02 Start.mp3"]


def test_flat_file_names_mp4_audio_becomes_m4b_for_plex() -> None:
    relatives = [PurePosixPath(p) for p in ["Book/Part 1.MP4", "Book/Part 2.m4a"]]
    assert flat_file_names(relatives) == ["Part 1.m4b", "Part 2.m4a"]


def test_flat_file_names_case_clashes_numbered() -> None:
    relatives = [PurePosixPath(p) for p in ["a.mp3", "A.mp3"]]
    assert flat_file_names(relatives) == ["a.mp3", "A (2).mp3"]


def test_flat_file_names_hostile_names_sanitized() -> None:
    names = flat_file_names([PurePosixPath("..\n.mp3"), PurePosixPath(("x" * 300) + ".m4b")])
    assert names[0] == "track.mp3"
    assert names[1].endswith(".m4b")
    assert len(names[1].encode()) <= 180


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_sanitize_component_any_text_is_one_safe_component(text: str) -> None:
    cleaned = sanitize_component(text)
    assert "/" not in cleaned
    assert "\\" not in cleaned
    assert cleaned not in {".", ".."}
    assert not cleaned.startswith(".")
    assert len(cleaned.encode("utf-8")) <= 180
    assert all(not unicodedata.category(char).startswith("C") for char in cleaned)


@settings(max_examples=100, deadline=None)
@given(title=st.text(max_size=300), author=st.text(max_size=300), series=st.text(max_size=50))
def test_resolve_target_folder_any_names_stay_strictly_inside_root(
    tmp_path_factory: pytest.TempPathFactory, title: str, author: str, series: str
) -> None:
    root = tmp_path_factory.getbasetemp().resolve()
    book = BookInfo(title=title, author=author, series=series)
    target = resolve_target_folder("{author}/{series}/{title}", book, root)
    assert target != root
    assert target.is_relative_to(root)
    assert ".." not in target.relative_to(root).parts
