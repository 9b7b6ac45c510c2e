"""The settings a client is made with (finerworks_client._runtime.settings): what each refusal says,
word for word, since that text is all a user has to fix their configuration; that a key's or a
header's value is never repeated in it; and the edge values each setting still accepts."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest
from finerworks_client import ConfigurationError, FinerWorksClient
from finerworks_client._runtime import settings

from tests.support import NOWHERE

WEB, APP = "web-key-4711", "app-key-0815"
SECRET = "s3cr3t-v4lue"
OK = {"status": {"success": True, "status_code": 200, "message": "", "debug": None}, "orders": []}


def recording(sent: list[httpx.Request]) -> httpx.MockTransport:
    """A transport that keeps each request and answers it with an empty fetchOrderStatus body."""

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=OK)

    return httpx.MockTransport(answer)


def refusal(**options: Any) -> str:
    """The message of the ConfigurationError that making a client with options raises."""
    with pytest.raises(ConfigurationError) as raised:
        FinerWorksClient(**{"web_api_key": WEB, "app_key": APP, "base_url": NOWHERE, **options})
    return str(raised.value)


# --- keys ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "is empty"),
        (f" {SECRET}", "has whitespace at its start or end (a value read from a file keeps its line break: strip it)"),
        (f"{SECRET}\n", "has whitespace at its start or end (a value read from a file keeps its line break: strip it)"),
        (f"{SECRET}\x7f", "contains a control character"),  # DEL
        ("s3\x00cret", "contains a control character"),
        ("s3\x1fcret", "contains a control character"),
        ("s3\u00a0cret", "contains a non-ASCII character (a non-breaking space, say)"),
    ],
    ids=["empty", "leading space", "trailing line break", "DEL", "NUL", "US", "non-breaking space"],
)
def test_a_key_that_cannot_be_a_header_value_is_refused_saying_why_never_what(value: str, problem: str) -> None:
    message = refusal(web_api_key=value)
    assert message == f"web_api_key (from web_api_key=) {problem}; the key is not shown here"
    assert refusal(app_key=value) == f"app_key (from app_key=) {problem}; the key is not shown here"


def test_a_key_from_the_environment_is_checked_and_named_by_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINERWORKS_APP_KEY", f"{SECRET}\x7f")
    message = refusal(app_key=None)
    assert message == "app_key (from $FINERWORKS_APP_KEY) contains a control character; the key is not shown here"
    monkeypatch.delenv("FINERWORKS_APP_KEY")
    assert refusal(app_key=None) == "app_key is missing: pass app_key=... or set FINERWORKS_APP_KEY"


@pytest.mark.parametrize(("value", "kind"), [(4711, "int"), (b"web-key", "bytes"), (["web"], "list")])
def test_a_key_that_is_not_a_str_is_refused_by_its_type(value: Any, kind: str) -> None:
    assert refusal(web_api_key=value) == f"web_api_key must be a str, not {kind}"


# --- extra headers and cookies ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [5, "", " X-Trace", "X-Trace:", "X-Trace: 1", "X Trace", "X-Trace\x01", "X-Tr\u00e4ce"],
    ids=["int", "empty", "leading space", "colon", "colon and space", "space", "control character", "non-ASCII"],
)
@pytest.mark.parametrize("setting", ["headers", "cookies"])
def test_a_name_that_is_not_a_header_name_is_refused(setting: str, name: Any) -> None:
    assert refusal(**{setting: {name: "1"}}) == f"{setting}: {name!r} is not a header name"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (5, "is not a str"),
        (None, "is not a str"),
        ("", "is empty"),
        (f"{SECRET}\r\nInjected: 1", "contains a control character"),
        (f"{SECRET} ", "has whitespace at its start or end (a value read from a file keeps its line break: strip it)"),
        (f"{SECRET}\u00a0key", "contains a non-ASCII character (a non-breaking space, say)"),
    ],
    ids=["int", "None", "empty", "CRLF", "trailing space", "non-breaking space"],
)
@pytest.mark.parametrize("setting", ["headers", "cookies"])
def test_a_header_value_that_cannot_be_sent_is_refused_unshown(setting: str, value: Any, problem: str) -> None:
    message = refusal(**{setting: {"X-Trace": value}})
    assert message == f"{setting}: the value of 'X-Trace' {problem}"
    assert SECRET not in message


def test_headers_must_be_a_mapping() -> None:
    assert refusal(headers=["X-Trace: 1"]) == "headers must be a mapping of header names to values"
    assert refusal(cookies="session=1") == "cookies must be a mapping of header names to values"


def test_good_headers_are_sent_as_given() -> None:
    sent: list[httpx.Request] = []
    transport = recording(sent)
    headers = {"X-Trace": "a b:c", "X-Tenant": "shop~1"}
    with FinerWorksClient(
        web_api_key=WEB, app_key=APP, base_url=NOWHERE, headers=headers, httpx_args={"transport": transport}
    ) as client:
        client.orders.fetch_status(order_ids=[1])
    assert (sent[0].headers["X-Trace"], sent[0].headers["X-Tenant"]) == ("a b:c", "shop~1")


# --- base_url --------------------------------------------------------------------------------------------

SHAPE = "is not an http:// or https:// URL with a host (and no user:password), such as 'http://127.0.0.1:8000/v3'"


@pytest.mark.parametrize(
    "url",
    ["127.0.0.1:8000/v3", "ftp://127.0.0.1/v3", "http:///v3", "http://[::1/v3", "http://127.0.0.1:port/v3"],
    ids=["no scheme", "ftp", "no host", "bad IPv6 host", "bad port"],
)
def test_a_base_url_that_is_not_an_http_url_is_refused_and_shown(url: str) -> None:
    assert refusal(base_url=url) == f"base_url {url!r} {SHAPE}"


@pytest.mark.parametrize("url", [f"https://user:{SECRET}@api.finerworks.com/v3", f"http://{SECRET}@[::1/v3"])
def test_a_base_url_with_a_password_is_refused_without_being_shown(url: str) -> None:
    message = refusal(base_url=url)
    assert message == f"base_url {SHAPE}"
    assert SECRET not in message


def test_a_base_url_that_is_not_a_str_is_refused_by_its_type() -> None:
    assert refusal(base_url=8000) == "base_url must be a str, not int"
    assert refusal(base_url=httpx.URL(NOWHERE)) == "base_url must be a str, not URL"


@pytest.mark.parametrize(
    ("url", "base"),
    [
        ("http://127.0.0.1:8000/v3", "http://127.0.0.1:8000/v3"),
        ("http://127.0.0.1:8000/v3/", "http://127.0.0.1:8000/v3"),
        ("https://gateway.example/FW-X//", "https://gateway.example/FW-X"),
    ],
)
def test_a_base_url_loses_its_trailing_slashes_only(url: str, base: str) -> None:
    assert settings.base_url(None, url) == base
    sent: list[httpx.Request] = []
    transport = recording(sent)
    with FinerWorksClient(web_api_key=WEB, app_key=APP, base_url=url, httpx_args={"transport": transport}) as client:
        client.orders.fetch_status(order_ids=[1])
    assert str(sent[0].url) == f"{base}/fetch_order_status"


# --- timeouts and sizes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("timeout", "longest"),
    [
        (httpx.Timeout(30.0, connect=5.0), 30.0),
        (httpx.Timeout(5.0, read=60.0), 60.0),
        (httpx.Timeout(2), 2.0),
        (httpx.Timeout(5.0, pool=None), math.inf),
    ],
)
def test_the_longest_per_read_timeout_is_the_largest_part_none_meaning_none(
    timeout: httpx.Timeout, longest: float
) -> None:
    assert settings.longest(timeout) == longest


def test_the_smallest_max_response_size_is_one_byte() -> None:
    FinerWorksClient(web_api_key=WEB, app_key=APP, base_url=NOWHERE, max_response_size=1).close()
    assert refusal(max_response_size=0) == "max_response_size must be a whole number of bytes >= 1, not 0"
