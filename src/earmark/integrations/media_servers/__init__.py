"""media_servers package."""
