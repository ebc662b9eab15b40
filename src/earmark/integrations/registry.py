"""The only module that imports product adapters; builds them from the stored configuration."""
