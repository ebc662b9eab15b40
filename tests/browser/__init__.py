"""Browser tests: Python Playwright driving Debian Chromium against a real uvicorn server."""
