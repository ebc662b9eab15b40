"""NZBGet (21.x) as a usenet download client."""
