"""Ebook companions: an optional ebook fetched beside a request's audiobook (docs/ebooks.md)."""
