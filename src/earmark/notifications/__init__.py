"""Notifications through Apprise: admin channels, each requester's own address, the sending."""
