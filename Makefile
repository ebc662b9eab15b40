# Two entry points: `make run` (embedded Earmark on SQLite) and `make test` (the whole suite).
# `make test-fast`: the tests that need no daemon, ffmpeg, browser or PostgreSQL and are not slow
# on their own (SQLite only).
.PHONY: run test test-fast install lint demo

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

test-fast:
	bash scripts/test-fast.sh

install:
	bash scripts/install.sh

lint: install
	bash scripts/lint.sh

demo: install
	.venv/bin/earmark demo
