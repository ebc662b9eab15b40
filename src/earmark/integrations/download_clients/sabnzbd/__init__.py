"""SABnzbd (5.x) as a usenet download client."""
