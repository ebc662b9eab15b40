"""Series and author pages, whole-series requests, and following authors and series."""
