"""Media servers: the `MediaServer` protocol and the item types adapters return."""

from earmark.integrations.media_servers.protocol import (
    LibraryItem,
    LibrarySection,
    MediaServer,
    ServerLibrary,
)

__all__ = ["LibraryItem", "LibrarySection", "MediaServer", "ServerLibrary"]
