"""Audnexus, a community metadata API that enriches Audible details."""
