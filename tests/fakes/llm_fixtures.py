"""Pytest fixtures running the fake OpenAI and Anthropic servers, shared by BookDate tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from earmark.demo.fakes.server import serve_app
from tests.fakes.llm import LlmControls, build_anthropic_app, build_openai_app

ANTHROPIC_MODELS = ("claude-sonnet-4-5", "claude-haiku-4-5")


@dataclass
class RunningLlm:
    url: str
    controls: LlmControls


@pytest.fixture(scope="module")
def _openai_server() -> Iterator[RunningLlm]:
    controls = LlmControls()
    with serve_app(build_openai_app(controls)) as url:
        yield RunningLlm(url, controls)


@pytest.fixture(scope="module")
def _anthropic_server() -> Iterator[RunningLlm]:
    controls = LlmControls(models=list(ANTHROPIC_MODELS))
    with serve_app(build_anthropic_app(controls)) as url:
        yield RunningLlm(url, controls)


@pytest.fixture
def openai_fake(_openai_server: RunningLlm) -> RunningLlm:
    _openai_server.controls.reset()
    return _openai_server


@pytest.fixture
def anthropic_fake(_anthropic_server: RunningLlm) -> RunningLlm:
    _anthropic_server.controls.reset()
    _anthropic_server.controls.models = list(ANTHROPIC_MODELS)
    return _anthropic_server
