"""Start-up imports stay lean: vendor libraries load when first used, not when Earmark starts.

Each import costs resident memory for the life of the process and time at every start (see
docs/architecture.md, "Imports", and docs/performance.md). The check is an allow-list: a library
that is not below must be imported inside the function that first needs it (a product's
`_build`, a job handler's body), so a new integration cannot slip its client library into every
process unnoticed. Grow the list only for a library that every request or every job needs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from earmark import schema
from earmark.db.engine import build_engine
from earmark.db.push import push_schema
from earmark.security.crypto import generate_key_text

# Third-party top-level modules a process may hold once it has started (beside the stdlib).
ALLOWED_AT_START = {
    "earmark",
    # web framework, server and validation
    "fastapi",
    "starlette",
    "uvicorn",
    "click",  # uvicorn.main
    "watchfiles",  # uvicorn.supervisors
    "anyio",
    "python_multipart",
    "annotated_doc",
    "opentelemetry",  # fastapi.telemetry, the API only
    "pydantic",
    "pydantic_core",
    "pydantic_settings",
    "dotenv",
    "annotated_types",
    "typing_extensions",
    "typing_inspection",
    # database, HTTP, security, scheduling, encoding
    "sqlalchemy",
    "httpx",
    "idna",
    "croniter",
    "dateutil",
    "orjson",
    # the command line
    "typer",
    "shellingham",
    # interpreter and build artefacts
    "_distutils_hack",
    "cython_runtime",
}
# Libraries a web process needs that a worker process (`earmark worker`) must not load.
WEB_ONLY = {"fastapi", "starlette", "python_multipart"}
# Loaded by their first use, not by a start (docs/architecture.md, "Imports"): AES for the first
# stored secret read or written, PyJWT (which loads cryptography) for the first session token,
# argon2 for the first local password, Jinja for the first page. ~13 MB resident together.
LOADED_WHEN_FIRST_USED = {"cryptography", "jwt", "argon2", "jinja2", "markupsafe"}

_REPORT_MODULES = """
import json, sys
{imports}
names = {{name.split(".")[0] for name in sys.modules}} - set(sys.stdlib_module_names)
print(json.dumps(sorted(name for name in names if not name.startswith(("_cython", "_sysconfig")))))
"""


def _top_level_modules_after(imports: str) -> set[str]:
    code = _REPORT_MODULES.format(imports=imports)
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(completed.stdout)) - {"__main__", "__mp_main__"}


def test_the_web_process_imports_only_what_every_request_needs() -> None:
    loaded = _top_level_modules_after("import earmark.cli\nimport earmark.app")
    assert loaded - ALLOWED_AT_START == set(), (
        "imported at start-up: import these inside the function that first uses them"
    )
    assert {"fastapi", "sqlalchemy", "earmark"} <= loaded  # the check sees real imports


_START_THE_APP = """
import asyncio, os
os.environ.update(
    EARMARK_DATA_DIR={data_dir!r},
    EARMARK_DATABASE_URL={url!r},
    EARMARK_ENCRYPTION_KEY={key!r},
)
from earmark.app import create_app
from earmark.settings import BootSettings

app = create_app(BootSettings())

async def start_and_stop():
    async with app.router.lifespan_context(app):
        pass

asyncio.run(start_and_stop())
{then}
"""


def test_a_started_app_loads_security_and_page_libraries_only_when_first_used(
    tmp_path: Path,
) -> None:
    # A restart, the whole of it: services, the schema's fingerprint, the sealing of clear
    # secrets, the setup code, the schedules and the worker pool. (A first start or an upgrade
    # compares the schema with Alembic, which loads Mako and with it MarkupSafe.) Then one use
    # of each: the libraries are there after it, so the check sees them.
    url = f"sqlite:///{tmp_path / 'earmark.db'}"
    push_schema(build_engine(url), schema.metadata())
    key = generate_key_text()

    def started_then(then: str) -> set[str]:
        data_dir = str(tmp_path / "data")
        return _top_level_modules_after(
            _START_THE_APP.format(data_dir=data_dir, url=url, key=key, then=then)
        )

    assert started_then("") & LOADED_WHEN_FIRST_USED == set()
    used = started_then(
        "import uuid, datetime\n"
        "from earmark.security.passwords import hash_password\n"
        "from earmark.security.tokens import TokenIssuer\n"
        "from earmark.web.rendering import environment\n"
        "cipher = app.state.services.cipher\n"
        "cipher.decrypt(cipher.encrypt('token'))\n"
        "now = datetime.datetime.now(datetime.UTC)\n"
        "TokenIssuer(b'k' * 32).issue(uuid.uuid4(), 1, 'access', now)\n"
        "hash_password('a long password')\n"
        "environment()"
    )
    assert used >= LOADED_WHEN_FIRST_USED


def test_the_worker_process_does_not_import_the_web_stack() -> None:
    loaded = _top_level_modules_after(
        "import earmark.cli\n"
        "from earmark.jobs.runtime import build_worker_pool, seed_default_schedules\n"
        "from earmark.jobs.registry import job_registry\n"
        "job_registry()\n"
        "from earmark.wiring import build_services, push"
    )
    assert loaded - (ALLOWED_AT_START - WEB_ONLY) == set()
    assert {"sqlalchemy", "earmark"} <= loaded


def test_the_supervisor_of_several_web_processes_does_not_import_the_app() -> None:
    # `earmark serve --workers N` keeps its supervisor for the life of the web processes; it
    # pushes the schema in a process of its own, so it holds neither the models nor the app.
    loaded = _top_level_modules_after(
        "import earmark.cli, uvicorn\n"
        "from uvicorn.supervisors import Multiprocess\n"
        "assert 'earmark.app' not in sys.modules and 'earmark.wiring' not in sys.modules"
    )
    assert loaded & {"sqlalchemy", "fastapi", "starlette", "jinja2", "cryptography"} == set()
    assert {"uvicorn", "earmark"} <= loaded


def test_a_sqlite_process_does_not_load_the_postgresql_dialect(tmp_path: Path) -> None:
    # A model declaring `postgresql_where`, `with_variant(JSONB())` or importing the dialect's
    # insert at module level loads it everywhere (~20 ms of each start, ~2 MB; db/types.py).
    # (Comparing the schema loads Alembic, which loads every dialect: only after an upgrade.)
    url = f"sqlite:///{tmp_path / 'earmark.db'}"
    push_schema(build_engine(url), schema.metadata())
    code = (
        "import sys\n"
        "import earmark.cli, earmark.app\n"
        "from sqlalchemy import select\n"
        "from earmark import schema\n"
        "from earmark.db.engine import build_engine, build_session_factory, transaction\n"
        "from earmark.db.push import push_schema\n"
        "from earmark.users.models import User\n"
        f"engine = build_engine({url!r})\n"
        "push_schema(engine, schema.metadata())\n"
        "with transaction(build_session_factory(engine)) as session:\n"
        "    session.scalars(select(User)).all()\n"
        "print(sorted(m for m in sys.modules if m.startswith('sqlalchemy.dialects.')))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = completed.stdout.strip()
    assert "sqlalchemy.dialects.sqlite" in loaded  # the check sees the dialect in use
    assert "postgresql" not in loaded
