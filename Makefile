# Two entry points: `make run` (embedded Earmark on SQLite) and `make test` (the whole suite).
.PHONY: run test install lint demo

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

install:
	bash scripts/install.sh

lint: install
	bash scripts/lint.sh

demo: install
	.venv/bin/earmark demo
