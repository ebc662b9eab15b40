"""qBittorrent adapter (Web API v2 through qbittorrent-api)."""
