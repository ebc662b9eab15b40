"""`earmark demo`: the whole product on one machine, with stand-ins for Plex, Prowlarr and Audible.

Runtime code shipped in the package so the demo runs from an ordinary install (`pip install
'earmark[demo]'`). The test suite drives the same stand-ins. Nothing outside this package imports
it except the CLI's `demo` command, at call time, so `earmark serve` never loads it (an
import-linter contract holds this).
"""
