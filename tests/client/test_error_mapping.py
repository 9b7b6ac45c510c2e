"""error_for(), the one mapping from a response to the typed error it stands for (README, "Errors"),
case by case: each status and body shape, the message chosen, and what the error carries."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from finerworks_client import (
    APIError,
    AuthenticationError,
    ConflictError,
    FinerWorksError,
    NotFoundError,
    OperationFailedError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
)
from finerworks_client._runtime.error_mapping import error_for, expect, field_errors, outside_transport, snippet

OK = {"status": {"success": True, "status_code": 200, "message": ""}, "orders": []}
CREDENTIALS = {
    "Message": "The request is invalid.",
    "ModelState": {"ApiC.Models.authorization_credentials": ["Missing or unauthorized api credentials"]},
}


def response(status: int, body: Any, **headers: str) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(status, content=content, headers=headers)


@pytest.mark.parametrize(
    ("status", "body", "kind", "message"),
    [
        (400, {"Message": "bad", "ModelState": {"request.order_id": ["too small"]}}, ValidationError, "bad"),
        (413, {"Message": "too big"}, ValidationError, "too big"),
        (415, {"Message": "no"}, ValidationError, "no"),
        (422, {"message": "plain message member"}, ValidationError, "plain message member"),
        (400, CREDENTIALS, AuthenticationError, "Missing or unauthorized api credentials"),
        (401, {"Message": "denied"}, AuthenticationError, "denied"),
        (403, {"Message": "forbidden"}, AuthenticationError, "forbidden"),
        (404, {"Message": "none"}, NotFoundError, "none"),
        (409, {"Message": "too late"}, ConflictError, "too late"),
        (429, {"Message": "slow down"}, RateLimitError, "slow down"),
        (500, {"Message": "boom"}, ServerError, "boom"),
        (503, b"<html>down</html>", ServerError, "Service Unavailable: '<html>down</html>'"),
        (418, {"Message": "teapot"}, APIError, "teapot"),
        (200, {"status": {"success": False, "message": "no such po"}}, OperationFailedError, "no such po"),
        (200, {"success": False}, OperationFailedError, "FinerWorks reported success: false"),
        (200, b"[]", UnexpectedResponseError, "the response is not the documented JSON object: '[]'"),
        (200, b"", UnexpectedResponseError, "the response is not the documented JSON object: (empty body)"),
        (400, {"status": {"message": "from the envelope"}}, ValidationError, "from the envelope"),
    ],
)
def test_each_answer_maps_to_its_error(status: int, body: Any, kind: type[FinerWorksError], message: str) -> None:
    error = error_for(response(status, body))
    assert type(error) is kind
    assert error.message == message
    assert error.status_code == status
    assert error.response is not None


@pytest.mark.parametrize("status", [200, 201, 299, 302])
def test_a_success_is_none_whatever_its_status_code_member_says(status: int) -> None:
    body = {"status": {"success": True, "status_code": 400, "message": "Your order status has been changed."}}
    assert error_for(response(status, body)) is None


def test_the_credentials_key_is_matched_whatever_its_namespace_and_only_on_a_400() -> None:
    other = {"ModelState": {"Other.authorization_credentials": ["no"]}}
    assert isinstance(error_for(response(400, other)), AuthenticationError)
    assert isinstance(error_for(response(422, other)), ValidationError)
    near = {"ModelState": {"request.authorization_credentials_x": ["no"]}}
    assert isinstance(error_for(response(400, near)), ValidationError)


def test_an_error_carries_reference_id_body_and_retry_after() -> None:
    body = {"status": {"success": False, "reference_id": "REF-1", "message": "m"}}
    error = error_for(response(429, body, **{"Retry-After": "7"}))
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 7.0 and error.reference_id == "REF-1" and error.body == body
    assert str(error) == "HTTP 429: m (reference_id REF-1)"


def test_field_errors_tolerate_null_and_strings() -> None:
    assert field_errors({"a": None, "b": "one", "c": ["x", None, 2]}) == {"a": [], "b": ["one"], "c": ["x", "2"]}
    assert field_errors(["not", "a", "dict"]) == {}


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        (b"", "(empty body)"),
        (b"   \n\t ", "(6 bytes, whitespace only)"),
        (b"a   b\n c", "'a b c'"),
        (b"x" * 300, "'" + "x" * 200 + "...'"),
        (b" " * 1000 + b"late", "(1004 bytes, whitespace, then more)"),
        # only the first 4 bytes per character shown are read: 800 here
        (b" " * 800 + b"y", "(801 bytes, whitespace, then more)"),
        (b"x" + b" " * 799, "'x'"),  # all of it read: nothing more
        (b"x" + b" " * 800, "'x...'"),  # one byte not read: there is more
        (b"caf\xc3\xa9 \xff", "'caf\u00e9 \ufffd'"),  # UTF-8 unless said otherwise, a bad byte replaced
    ],
)
def test_a_snippet_quotes_the_start_of_a_body_and_never_calls_whitespace_empty(content: bytes, shown: str) -> None:
    assert snippet(httpx.Response(500, content=content)) == shown


def test_a_snippet_decodes_the_body_in_the_charset_it_declares() -> None:
    latin = httpx.Response(
        500, content="café".encode("latin-1"), headers={"content-type": "text/plain; charset=latin-1"}
    )
    assert snippet(latin) == "'café'"


def test_every_message_of_the_refused_keys_is_said() -> None:
    body = {
        "Message": "The request is invalid.",
        "ModelState": {"x.authorization_credentials": ["Missing", "or wrong"]},
    }
    error = error_for(response(400, body))
    assert type(error) is AuthenticationError and error.message == "Missing or wrong"


def test_a_failure_outside_the_transport_names_the_call_and_the_failure_only() -> None:
    error = outside_transport({"method": "post", "url": "/v3/x"}, httpx.UnsupportedProtocol("ftp: no, key=secret"))
    assert str(error) == "POST /v3/x failed (UnsupportedProtocol)"


def test_an_answer_that_is_not_the_operations_200_model_is_an_unexpected_response() -> None:
    answer = httpx.Response(202)
    assert expect(answer, httpx.Response, answer) is answer
    with pytest.raises(UnexpectedResponseError) as error:
        expect(None, OperationFailedError, answer)
    assert (error.value.status_code, error.value.response) == (202, answer)
    assert error.value.message == "expected the operation's 200 response (OperationFailedError), got HTTP 202"
