"""requests package."""
