"""Write book tags (and cover art) into a library COPY with mutagen; never into seeding files."""

from __future__ import annotations

import base64
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from earmark.core.images import image_type, is_png
from earmark.library.book_info import BookInfo


# mutagen's classes are mostly unannotated; handle them as dynamic objects in one place. Imported
# on first use: most processes never tag a file (docs/architecture.md, "Imports").
@functools.cache
def _mutagen() -> Any:
    import mutagen
    import mutagen.flac
    import mutagen.id3
    import mutagen.mp3
    import mutagen.mp4
    import mutagen.oggopus
    import mutagen.oggvorbis

    return mutagen


def _vorbis_commented() -> tuple[Any, ...]:
    return (_mutagen().flac.FLAC, _mutagen().oggvorbis.OggVorbis, _mutagen().oggopus.OggOpus)


_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_UTF8 = 3  # ID3 text encoding id for UTF-8
_ITUNES_FREEFORM = "----:com.apple.iTunes:"
_MP4_AUDIOBOOK_MEDIA_KIND = 2


@dataclass(frozen=True)
class TrackPosition:
    number: int
    total: int


@dataclass(frozen=True)
class _Fields:
    """The book's tag values, cleaned once for every format."""

    title: str
    album: str
    author: str
    narrator: str
    year: str
    description: str
    genre: str
    asin: str
    series: str
    series_position: str


def tag_audio_file(
    path: Path, book: BookInfo, *, cover: bytes | None, position: TrackPosition
) -> str | None:
    """Tag one library copy in place; return a warning instead of failing (tags are optional)."""
    try:
        audio = _mutagen().File(path)
        fields = _fields_for(book, position, _existing_title(audio))
        if isinstance(audio, _mutagen().mp4.MP4):
            _tag_mp4(audio, fields, cover, position)
        elif isinstance(audio, _mutagen().mp3.MP3):
            _tag_id3(path, fields, cover, position)
            return None
        elif isinstance(audio, _vorbis_commented()):
            _tag_vorbis(audio, fields, cover, position)
        else:
            return f"Tags were not written into {path.name}: its format has no tag support here."
        audio.save()
    except (_mutagen().MutagenError, OSError) as exc:
        return f"Tags could not be written into {path.name}: {exc}"
    return None


def clean_tag_value(value: str | None, *, multiline: bool = False) -> str:
    """Drop control and zero-width characters (line breaks too unless `multiline`); tidy spaces."""
    kept = []
    for char in unicodedata.normalize("NFC", value or ""):
        category = unicodedata.category(char)
        if char == "\n" and multiline:
            kept.append(char)
        elif category == "Cc" or char == "\u00a0":
            kept.append(" ")
        elif not category.startswith("C"):
            kept.append(char)
    return _HORIZONTAL_SPACE.sub(" ", "".join(kept)).strip()


def _fields_for(book: BookInfo, position: TrackPosition, existing_title: str) -> _Fields:
    title = clean_tag_value(book.title)
    if position.total > 1:
        # Keep per-chapter titles of multi-file books; they are what players list.
        track_title = existing_title or f"{title} - Part {position.number:02d}"
    else:
        track_title = title
    return _Fields(
        title=track_title,
        album=title,
        author=clean_tag_value(book.author),
        narrator=clean_tag_value(book.narrator),
        year=str(book.year) if book.year else "",
        description=clean_tag_value(book.description, multiline=True),
        genre="; ".join(clean_tag_value(genre) for genre in book.genres if genre.strip()),
        asin=clean_tag_value(book.asin),
        series=clean_tag_value(book.series),
        series_position=clean_tag_value(book.series_position),
    )


def _existing_title(audio: Any) -> str:
    tags = getattr(audio, "tags", None)
    if tags is None:
        return ""
    for key in ("\xa9nam", "TIT2", "title"):
        try:
            value = tags.get(key)
        except (KeyError, ValueError):
            continue
        if value:
            text = value.text if hasattr(value, "text") else value
            return clean_tag_value(str(text[0]))
    return ""


def _tag_mp4(audio: Any, fields: _Fields, cover: bytes | None, position: TrackPosition) -> None:
    mp4 = _mutagen().mp4
    if audio.tags is None:
        audio.add_tags()
    tags = audio.tags
    text_atoms = {
        "\xa9nam": fields.title,
        "\xa9alb": fields.album,
        "\xa9ART": fields.author,
        "aART": fields.author,
        "\xa9wrt": fields.narrator,
        "\xa9day": fields.year,
        "desc": fields.description,
        "\xa9cmt": fields.description,
        "\xa9gen": fields.genre,
    }
    for atom, value in text_atoms.items():
        _set_or_remove(tags, atom, [value] if value else None)
    freeform = {
        "ASIN": fields.asin,
        "NARRATOR": fields.narrator,
        "SERIES": fields.series,
        "SERIES-PART": fields.series_position,
    }
    for name, value in freeform.items():
        encoded = [mp4.MP4FreeForm(value.encode("utf-8"))] if value else None
        _set_or_remove(tags, _ITUNES_FREEFORM + name, encoded)
    tags["stik"] = [_MP4_AUDIOBOOK_MEDIA_KIND]
    tags["trkn"] = [(position.number, position.total)]
    if cover:
        image_format = mp4.MP4Cover.FORMAT_PNG if is_png(cover) else mp4.MP4Cover.FORMAT_JPEG
        tags["covr"] = [mp4.MP4Cover(cover, imageformat=image_format)]


def _tag_id3(path: Path, fields: _Fields, cover: bytes | None, position: TrackPosition) -> None:
    id3 = _mutagen().id3
    try:
        tags = id3.ID3(path)
    except id3.ID3NoHeaderError:
        tags = id3.ID3()
    for frame_id, frame in _id3_frames(fields, position).items():
        tags.delall(frame_id)
        if frame is not None:
            tags.add(frame)
    if cover:
        tags.delall("APIC")
        tags.add(id3.APIC(encoding=_UTF8, mime=image_type(cover), type=3, desc="Cover", data=cover))
    tags.save(path, v2_version=4)


def _id3_frames(fields: _Fields, position: TrackPosition) -> dict[str, Any]:
    """Frame id -> frame to write, or None to remove a stale one."""
    id3 = _mutagen().id3
    frames: dict[str, Any] = {
        "TIT2": id3.TIT2(encoding=_UTF8, text=[fields.title]),
        "TALB": id3.TALB(encoding=_UTF8, text=[fields.album]),
        "TPE1": id3.TPE1(encoding=_UTF8, text=[fields.author]),
        "TPE2": id3.TPE2(encoding=_UTF8, text=[fields.author]),
        "TRCK": id3.TRCK(encoding=_UTF8, text=[f"{position.number}/{position.total}"]),
        "TCOM": id3.TCOM(encoding=_UTF8, text=[fields.narrator]) if fields.narrator else None,
        "TDRC": id3.TDRC(encoding=_UTF8, text=[fields.year]) if fields.year else None,
        "TCON": id3.TCON(encoding=_UTF8, text=[fields.genre]) if fields.genre else None,
        "COMM": id3.COMM(encoding=_UTF8, lang="eng", desc="", text=[fields.description])
        if fields.description
        else None,
    }
    custom = {
        "ASIN": fields.asin,
        "NARRATOR": fields.narrator,
        "SERIES": fields.series,
        "SERIES-PART": fields.series_position,
    }
    for name, value in custom.items():
        frames[f"TXXX:{name}"] = (
            id3.TXXX(encoding=_UTF8, desc=name, text=[value]) if value else None
        )
    return frames


def _tag_vorbis(audio: Any, fields: _Fields, cover: bytes | None, position: TrackPosition) -> None:
    if audio.tags is None:
        audio.add_tags()
    comments = {
        "TITLE": fields.title,
        "ALBUM": fields.album,
        "ARTIST": fields.author,
        "ALBUMARTIST": fields.author,
        "COMPOSER": fields.narrator,
        "NARRATOR": fields.narrator,
        "DATE": fields.year,
        "DESCRIPTION": fields.description,
        "COMMENT": fields.description,
        "GENRE": fields.genre,
        "ASIN": fields.asin,
        "SERIES": fields.series,
        "SERIES-PART": fields.series_position,
        "TRACKNUMBER": str(position.number),
        "TRACKTOTAL": str(position.total),
    }
    for name, value in comments.items():
        _set_or_remove(audio.tags, name, [value] if value else None)
    if cover:
        _attach_vorbis_cover(audio, cover)


def _attach_vorbis_cover(audio: Any, cover: bytes) -> None:
    flac = _mutagen().flac
    picture = flac.Picture()
    picture.type = 3
    picture.mime = image_type(cover)
    picture.data = cover
    if isinstance(audio, flac.FLAC):
        audio.clear_pictures()
        audio.add_picture(picture)
    else:
        encoded = base64.b64encode(picture.write()).decode("ascii")
        audio.tags["METADATA_BLOCK_PICTURE"] = [encoded]


def _set_or_remove(tags: Any, key: str, value: list[Any] | None) -> None:
    if value:
        tags[key] = value
    elif key in tags:
        del tags[key]
