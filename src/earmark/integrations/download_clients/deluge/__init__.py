"""Deluge adapter (deluge-web's JSON-RPC, which forwards core.* calls to deluged)."""
