"""Media servers: the `MediaServer` protocol and the item types adapters return."""

from earmark.integrations.media_servers.protocol import LibraryItem, LibrarySection, MediaServer

__all__ = ["LibraryItem", "LibrarySection", "MediaServer"]
