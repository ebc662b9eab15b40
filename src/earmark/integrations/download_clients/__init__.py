"""download_clients package."""
