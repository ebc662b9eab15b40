"""catalog_sources package."""
