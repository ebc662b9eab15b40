"""Audible's public catalog API as a catalog source."""
