"""Page-route tests."""
