"""settings_store package."""
