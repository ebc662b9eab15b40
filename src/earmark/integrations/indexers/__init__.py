"""indexers package."""
