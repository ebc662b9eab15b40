"""Our OpenAI and Anthropic adapters against contract-faithful fakes (no database needed)."""

from __future__ import annotations

import httpx
import pytest

from earmark.bookdate.parsing import parse_picks
from earmark.bookdate.prompt import RECOMMENDATION_SCHEMA
from earmark.core.errors import ConfigurationMissing
from earmark.demo.fakes.server import free_port
from earmark.integrations.errors import ApiChanged, AuthFailed, RateLimited, Unreachable
from earmark.integrations.llm import LlmClient, LlmConnection, NoAnswer
from earmark.integrations.llm.openai.client import REASONING_HEADROOM_TOKENS, RETRY_BUDGET_FACTOR
from earmark.integrations.registry import build_llm_client
from tests.fakes.llm_fixtures import RunningLlm


def openai_client(http: httpx.Client, fake: RunningLlm, key: str = "test-key") -> LlmClient:
    return build_llm_client(http, LlmConnection("openai", "gpt-4o", f"{fake.url}/v1", key))


def anthropic_client(http: httpx.Client, fake: RunningLlm, key: str = "test-key") -> LlmClient:
    connection = LlmConnection("anthropic", "claude-sonnet-4-5", fake.url, key)
    return build_llm_client(http, connection)


def ask(client: LlmClient) -> object:
    return client.complete_json("system text", "user text", RECOMMENDATION_SCHEMA, 500)


def test_openai_complete_json_good_answer_sends_strict_schema(
    http: httpx.Client, openai_fake: RunningLlm
) -> None:
    answer = ask(openai_client(http, openai_fake))
    assert [p.title for p in parse_picks(answer)][:2] == ["Project Hail Mary", "The Martian"]
    body = openai_fake.controls.bodies[-1]
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert body["max_completion_tokens"] == 500
    assert "reasoning_effort" not in body
    assert body["messages"][0] == {"role": "system", "content": "system text"}


def _reasoning_client(http: httpx.Client, fake: RunningLlm) -> LlmClient:
    fake.controls.models.append("o3-mini")
    return build_llm_client(http, LlmConnection("openai", "o3-mini", f"{fake.url}/v1", "test-key"))


def test_openai_reasoning_model_gets_low_effort_and_room_to_think(
    http: httpx.Client, openai_fake: RunningLlm
) -> None:
    openai_fake.controls.reasoning_tokens = 3_000  # more than the 500 the answer needs
    answer = ask(_reasoning_client(http, openai_fake))
    assert len(parse_picks(answer)) == 3
    (body,) = openai_fake.controls.bodies
    assert body["reasoning_effort"] == "low"
    assert body["max_completion_tokens"] == 500 + REASONING_HEADROOM_TOKENS
    assert "max_tokens" not in body


def test_openai_reasoning_that_ate_the_budget_is_asked_again_with_a_larger_one(
    http: httpx.Client, openai_fake: RunningLlm
) -> None:
    first = 500 + REASONING_HEADROOM_TOKENS
    openai_fake.controls.reasoning_tokens = first + 1_000
    answer = ask(_reasoning_client(http, openai_fake))
    assert len(parse_picks(answer)) == 3
    budgets = [b["max_completion_tokens"] for b in openai_fake.controls.bodies]
    assert budgets == [first, first * RETRY_BUDGET_FACTOR]


def test_openai_second_empty_answer_is_a_clear_error(
    http: httpx.Client, openai_fake: RunningLlm
) -> None:
    openai_fake.controls.reasoning_tokens = 1_000_000
    with pytest.raises(NoAnswer, match="o3-mini used its whole token budget") as failure:
        ask(_reasoning_client(http, openai_fake))
    assert "choose a non-reasoning model" in str(failure.value)
    assert len(openai_fake.controls.bodies) == 2


def test_openai_reasoning_model_with_an_unknown_name_is_still_asked_again(
    http: httpx.Client, openai_fake: RunningLlm
) -> None:
    """A future reasoning model Earmark does not recognise gets no headroom, only the retry."""
    controls = openai_fake.controls
    controls.models.append("gpt-7-thinker")
    controls.reasoning_models = ("gpt-7-thinker",)
    controls.reasoning_tokens = 600
    connection = LlmConnection("openai", "gpt-7-thinker", f"{openai_fake.url}/v1", "test-key")
    answer = ask(build_llm_client(http, connection))
    assert len(parse_picks(answer)) == 3
    assert [b["max_completion_tokens"] for b in controls.bodies] == [500, 500 * RETRY_BUDGET_FACTOR]
    assert all("reasoning_effort" not in b for b in controls.bodies)


def test_openai_complete_json_fenced_answer_is_returned_as_text_and_parses(
    http: httpx.Client, openai_fake: RunningLlm
) -> None:
    openai_fake.controls.behaviour = "fenced"
    answer = ask(openai_client(http, openai_fake))
    assert isinstance(answer, str)
    assert len(parse_picks(answer)) == 3


def test_openai_compatible_without_json_schema_falls_back_to_json_object(
    http: httpx.Client, openai_fake: RunningLlm
) -> None:
    openai_fake.controls.supports_json_schema = False
    connection = LlmConnection("openai_compatible", "gpt-4o", f"{openai_fake.url}/v1", "test-key")
    answer = ask(build_llm_client(http, connection))
    assert len(parse_picks(answer)) == 3
    formats = [b.get("response_format", {}).get("type") for b in openai_fake.controls.bodies]
    assert formats == ["json_schema", "json_object"]
    assert openai_fake.controls.bodies[-1]["max_tokens"] == 500


@pytest.mark.parametrize(
    ("behaviour", "error"),
    [("401", AuthFailed), ("429", RateLimited), ("500", Unreachable)],
)
def test_openai_complete_json_http_failure_maps_to_integration_error(
    http: httpx.Client, openai_fake: RunningLlm, behaviour: str, error: type[Exception]
) -> None:
    openai_fake.controls.behaviour = behaviour
    with pytest.raises(error):
        ask(openai_client(http, openai_fake))


def test_openai_wrong_key_message_never_repeats_the_key(
    http: httpx.Client, openai_fake: RunningLlm
) -> None:
    with pytest.raises(AuthFailed) as failure:
        ask(openai_client(http, openai_fake, key="sk-secret-value"))
    assert "sk-secret-value" not in failure.value.message
    assert "API key" in failure.value.message


def test_openai_unreachable_server_is_reported_as_unreachable(http: httpx.Client) -> None:
    connection = LlmConnection("openai_compatible", "m", f"http://127.0.0.1:{free_port()}/v1")
    with pytest.raises(Unreachable):
        ask(build_llm_client(http, connection))


def test_openai_non_json_page_is_api_changed(http: httpx.Client, openai_fake: RunningLlm) -> None:
    # The server root is not an API: FastAPI answers 404 JSON, so point at the docs page.
    connection = LlmConnection("openai_compatible", "gpt-4o", f"{openai_fake.url}/docs#", "k")
    with pytest.raises(ApiChanged):
        build_llm_client(http, connection).list_models()


def test_openai_test_lists_chat_models_only(http: httpx.Client, openai_fake: RunningLlm) -> None:
    report = openai_client(http, openai_fake).test()
    assert report.ok
    assert report.details["models"] == ["gpt-4o"]


def test_openai_test_unknown_model_fails_with_listed_models(
    http: httpx.Client, openai_fake: RunningLlm
) -> None:
    connection = LlmConnection("openai", "gpt-9", f"{openai_fake.url}/v1", "test-key")
    report = build_llm_client(http, connection).test()
    assert not report.ok
    assert "gpt-9" in report.message


def test_openai_test_bad_key_reports_failure_not_exception(
    http: httpx.Client, openai_fake: RunningLlm
) -> None:
    report = openai_client(http, openai_fake, key="wrong").test()
    assert not report.ok
    assert "API key" in report.message


def test_anthropic_complete_json_uses_forced_tool_and_headers(
    http: httpx.Client, anthropic_fake: RunningLlm
) -> None:
    answer = ask(anthropic_client(http, anthropic_fake))
    assert answer == {"recommendations": anthropic_fake.controls.picks}
    body = anthropic_fake.controls.bodies[-1]
    headers = anthropic_fake.controls.headers[-1]
    assert headers["anthropic-version"] == "2023-06-01"
    assert headers["x-api-key"] == "test-key"
    assert body["tool_choice"]["type"] == "tool"
    assert body["tools"][0]["input_schema"] == RECOMMENDATION_SCHEMA
    assert body["system"] == "system text"


def test_anthropic_partial_text_answer_salvages_complete_picks(
    http: httpx.Client, anthropic_fake: RunningLlm
) -> None:
    anthropic_fake.controls.behaviour = "partial"
    anthropic_fake.controls.text_under_forced_tool = True
    answer = ask(anthropic_client(http, anthropic_fake))
    assert [p.title for p in parse_picks(answer)] == ["Project Hail Mary", "The Martian"]


@pytest.mark.parametrize(
    ("behaviour", "error"),
    [("401", AuthFailed), ("429", RateLimited), ("500", Unreachable)],
)
def test_anthropic_http_failure_maps_to_integration_error(
    http: httpx.Client, anthropic_fake: RunningLlm, behaviour: str, error: type[Exception]
) -> None:
    anthropic_fake.controls.behaviour = behaviour
    with pytest.raises(error):
        ask(anthropic_client(http, anthropic_fake))


def test_anthropic_list_models_follows_pages(
    http: httpx.Client, anthropic_fake: RunningLlm
) -> None:
    anthropic_fake.controls.models = ["claude-a", "claude-b", "claude-c", "claude-sonnet-4-5"]
    anthropic_fake.controls.models_page_size = 1
    assert anthropic_client(http, anthropic_fake).list_models() == [
        "claude-a",
        "claude-b",
        "claude-c",
        "claude-sonnet-4-5",
    ]


def test_build_llm_client_without_required_key_is_configuration_missing(
    http: httpx.Client,
) -> None:
    with pytest.raises(ConfigurationMissing):
        build_llm_client(http, LlmConnection("anthropic", "claude", "", ""))
    with pytest.raises(ConfigurationMissing):
        build_llm_client(http, LlmConnection("openai_compatible", "m", "ftp://x", ""))


def test_fake_openai_answers_like_a_reasoning_model_out_of_budget(
    http: httpx.Client, openai_fake: RunningLlm
) -> None:
    """The fake's shape: empty content, finish_reason length, all tokens spent reasoning."""
    openai_fake.controls.models.append("o3-mini")
    openai_fake.controls.reasoning_tokens = 2_000
    headers = {"Authorization": "Bearer test-key"}
    url = f"{openai_fake.url}/v1/chat/completions"
    messages = [{"role": "user", "content": "hi"}]
    body = {"model": "o3-mini", "messages": messages, "max_completion_tokens": 1_000}

    answer = http.post(url, json=body, headers=headers).json()

    choice = answer["choices"][0]
    assert (choice["message"]["content"], choice["finish_reason"]) == ("", "length")
    assert answer["usage"]["completion_tokens_details"]["reasoning_tokens"] == 1_000
    refused = http.post(url, json={**body, "max_tokens": 10}, headers=headers)
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "unsupported_parameter"
    gpt4o = {"model": "gpt-4o", "messages": messages, "reasoning_effort": "low"}
    assert http.post(url, json=gpt4o, headers=headers).json()["error"]["param"] == (
        "reasoning_effort"
    )
