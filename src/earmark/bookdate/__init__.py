"""bookdate package."""
