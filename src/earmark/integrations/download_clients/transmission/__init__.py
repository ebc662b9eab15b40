"""Transmission adapter (JSON-RPC through transmission-rpc)."""
