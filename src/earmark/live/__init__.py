"""Live updates: what changed, told to the pages that show it as it happens.

A committed change to a request or a job becomes a `Change` (`changes.py`). On PostgreSQL it
travels as `NOTIFY earmark_live` inside the writing transaction, so every web process hears it,
whichever process wrote it (a separate worker included), and only once the change is committed.
On SQLite (one embedded process) it goes to the process's broker after the commit. The broker
(`broker.py`) fans changes out to the open event streams (`api/live.py`), each of which keeps
only what its viewer may see.
"""
