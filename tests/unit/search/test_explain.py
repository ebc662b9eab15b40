"""`earmark explain-ranking`: the ranked list with breakdowns, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from earmark.cli import app

BOOK = {"title": "Project Hail Mary", "authors": [{"name": "Andy Weir"}], "runtimeLengthMin": 970}
RELEASES = [
    {"guid": "a", "title": "Andy Weir - Project Hail Mary [M4B] 64kbps", "size": 1048576000,
     "seeders": 45, "indexerId": 1, "protocol": "torrent", "publishDate": "2021-05-04T00:00:00Z"},
    {"guid": "c", "title": "Project Hail Mary (2021) M4B", "size": 629145600, "seeders": 300,
     "indexerId": 1, "protocol": "torrent"},
]  # fmt: skip


def write_inputs(tmp_path: Path) -> list[str]:
    book = tmp_path / "book.json"
    releases = tmp_path / "releases.json"
    book.write_text(json.dumps(BOOK))
    releases.write_text(json.dumps(RELEASES))
    return ["explain-ranking", "--book", str(book), "--releases", str(releases)]


def test_explain_ranking_json_lists_every_release_with_criteria(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, [*write_inputs(tmp_path), "--json"])

    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    first, second = payload["releases"]
    assert (first["guid"], first["accepted"], first["score"]) == ("a", True, 94.98)
    assert first["criteria"]["title"]["points"] == 45.0
    assert [r["code"] for r in second["rejections"]] == ["author_not_found", "below_floor"]
    assert second["reasons"][0] == second["rejections"][0]["message"]
    assert payload["summary"].startswith("Best release 'Andy Weir - Project Hail Mary")


def test_explain_ranking_text_shows_rule_codes(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, write_inputs(tmp_path))

    assert result.exit_code == 0, result.output
    assert "[ACCEPTED] score 94.98" in result.output
    assert "! [author_not_found] author not found: wanted 'Andy Weir'" in result.output


def test_explain_ranking_bad_json_fails_clearly(tmp_path: Path) -> None:
    args = write_inputs(tmp_path)
    (tmp_path / "book.json").write_text("{not json")

    result = CliRunner().invoke(app, args)

    assert result.exit_code == 2
    assert "book.json is not valid JSON" in result.output
