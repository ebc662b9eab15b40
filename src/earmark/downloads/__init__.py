"""downloads package."""
