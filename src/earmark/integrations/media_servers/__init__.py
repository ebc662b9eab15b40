"""Media servers: the `MediaServer` protocol and the item types adapters return."""

from earmark.integrations.media_servers.protocol import (
    LibraryItem,
    LibrarySection,
    MediaServer,
    MediaServerConnection,
    ServerAccount,
    ServerLibrary,
    ServerSignIn,
)

__all__ = [
    "LibraryItem",
    "LibrarySection",
    "MediaServer",
    "MediaServerConnection",
    "ServerAccount",
    "ServerLibrary",
    "ServerSignIn",
]
