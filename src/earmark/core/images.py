"""What kind of picture a cover's bytes are: covers arrive as JPEG from Audible and as PNG from
some servers and the demo, and each place that stores or serves one names it by its bytes."""

from __future__ import annotations

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def is_png(image: bytes) -> bool:
    return image.startswith(PNG_SIGNATURE)


def image_type(image: bytes) -> str:
    """The picture's media type: PNG by its signature, else JPEG (what covers otherwise are)."""
    return "image/png" if is_png(image) else "image/jpeg"
