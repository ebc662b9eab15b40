"""Plex: plex.tv account services (sign-in) and the Plex Media Server adapter."""
