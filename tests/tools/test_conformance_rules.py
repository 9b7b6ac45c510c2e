"""The conformance check's rules (finerworks_mock.conformance), each on the smallest case that shows
it: how keys are redacted from what it reports, how a member and a value are shown, and which JSON
Schema errors become violations. tests/tools/test_proxy.py and test_cassettes.py run it on whole
exchanges; this file pins each rule down (make mutate's conformance group)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from finerworks_mock.conformance import (
    REDACTED,
    VALUE_CHARS,
    Checker,
    Exchange,
    Spec,
    Violation,
    redactor,
    schema_violation,
    show,
)

OK_STATUS = {"success": True, "status_code": 200, "message": "", "debug": None, "reference_id": "r"}


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker()


def check(checker: Checker, method: str, path: str, body: Any, **headers: str) -> list[Violation]:
    sent = {"web_api_key": "web-key-4711", "app_key": "app-key-0815", "content-type": "application/json", **headers}
    answer = {"orders": [], "status": OK_STATUS}
    exchange = Exchange(method, path, sent, json.dumps(body).encode(), 200, {"content-type": "application/json"},
                        json.dumps(answer).encode())  # fmt: skip
    return [violation for violation in checker.check(exchange)[1] if violation.direction == "request"]


# --- redaction ----------------------------------------------------------------------------------------


def test_a_key_of_8_characters_or_more_is_redacted_wherever_it_occurs() -> None:
    redact = redactor(["12345678"])
    assert redact("x12345678y and 12345678") == f"x{REDACTED}y and {REDACTED}"


def test_a_shorter_key_is_redacted_only_as_a_whole_token() -> None:
    redact = redactor(["1234567"])
    assert (
        redact("1234567 x12345678 a-1234567 1234567-b (1234567)")
        == f"{REDACTED} x12345678 a-1234567 1234567-b ({REDACTED})"
    )
    assert redactor(["k1"])("k1 and key k10 or k1.") == f"{REDACTED} and key k10 or {REDACTED}."


def test_the_longest_key_is_redacted_first_and_empty_keys_change_nothing() -> None:
    assert redactor(["abcdefgh", "abcdefghijkl"])("abcdefghijkl") == REDACTED
    assert redactor(["", ""])("text stays") == "text stays"
    assert redactor([])("text stays") == "text stays"
    assert redactor(["a.b*c+d"])("a.b*c+d aXbbc+d") == f"{REDACTED} aXbbc+d"  # the key is text, not a pattern


def test_the_keys_are_redacted_from_violations_whatever_the_case_of_their_header_names(checker: Checker) -> None:
    key = "SECRET-key-value"
    found = check(checker, "PUT", "/update_customer", {"order_id": 1, "customer_info": key}, **{"Web_Api_Key": key})
    [violation] = found
    assert violation.value == REDACTED and key not in str(violation)


# --- how violations are shown --------------------------------------------------------------------------


def test_a_missing_required_member_is_named_in_the_member_path(checker: Checker) -> None:
    [violation] = check(checker, "PUT", "/update_customer", {"customer_info": None})
    assert (violation.member, violation.message, violation.value) == ("order_id", "required member is missing", None)


def test_a_wrong_value_is_shown_apart_from_the_message(checker: Checker) -> None:
    [violation] = check(checker, "POST", "/update_order", {"order_id": "17", "update_command": "hold"})
    assert violation.member == "order_id"
    assert violation.message == "is not of type 'integer'" and violation.value == "17"
    assert str(violation) == "updateOrder request order_id: is not of type 'integer' (value: 17)"


def test_a_long_value_is_cut_and_shown_on_one_line(checker: Checker) -> None:
    text = "word\n" * 100
    [violation] = check(checker, "POST", "/update_order", {"order_id": text, "update_command": "hold"})
    assert violation.value is not None and len(violation.value) == VALUE_CHARS
    assert violation.value.endswith("...") and "\n" not in violation.value and "word word" in violation.value
    fits = "x" * VALUE_CHARS  # text is shown as it is, up to VALUE_CHARS
    [violation] = check(checker, "POST", "/update_order", {"order_id": fits, "update_command": "hold"})
    assert violation.value == fits
    [violation] = check(checker, "POST", "/update_order", {"order_id": fits + "y", "update_command": "hold"})
    assert violation.value == "x" * (VALUE_CHARS - 3) + "..."
    [violation] = check(checker, "POST", "/update_order", {"order_id": {"a": [1]}, "update_command": "hold"})
    assert violation.value == '{"a": [1]}'  # anything else as JSON


def test_a_member_inside_a_list_is_named_by_its_index(checker: Checker) -> None:
    [violation] = check(checker, "POST", "/fetch_order_status", {"order_ids": [1, "two"]})
    assert violation.member == "order_ids[1]" and violation.value == "two"


# --- combination schemas (anyOf, oneOf, not) ----------------------------------------------------------


def test_a_failed_any_of_is_reported_when_nothing_else_is(checker: Checker) -> None:
    [violation] = check(checker, "PUT", "/update_customer", {"order_id": 1, "customer_info": {"first_name": 5}})
    assert violation.member == "customer_info" and "not valid under any of the given schemas" in violation.message


def test_a_failed_any_of_gives_way_to_an_error_that_names_a_member(checker: Checker) -> None:
    found = check(checker, "PUT", "/update_customer", {"order_id": "x", "customer_info": 5})
    assert [(violation.member, violation.message) for violation in found] == [("order_id", "is not of type 'integer'")]


def test_a_failed_not_is_reported_with_its_member(checker: Checker) -> None:
    [violation] = check(checker, "POST", "/fetch_order_status", {"order_ids": None, "order_pos": None})
    assert violation.member == "order_pos" and violation.message.startswith("should not be valid under")


# --- responses ---------------------------------------------------------------------------------------------


def answered(checker: Checker, status: int, body: bytes, content_type: str = "application/json") -> list[str]:
    """The response's violations of a valid fetchOrderStatus call, as text."""
    sent = {"web_api_key": "web-key-4711", "app_key": "app-key-0815", "content-type": "application/json"}
    exchange = Exchange("POST", "/fetch_order_status", sent, json.dumps({"order_ids": [1]}).encode(), status,
                        {"Content-Type": content_type}, body)  # fmt: skip
    operation, violations = checker.check(exchange)
    assert operation == "fetchOrderStatus" and all(v.direction == "response" for v in violations)
    return [str(violation) for violation in violations]


def test_a_documented_response_has_no_violation(checker: Checker) -> None:
    assert answered(checker, 200, json.dumps({"orders": [], "status": OK_STATUS}).encode()) == []


def test_a_response_member_of_the_wrong_type_is_named(checker: Checker) -> None:
    body = {"orders": [], "status": {**OK_STATUS, "status_code": "200"}}
    assert answered(checker, 200, json.dumps(body).encode()) == [
        "fetchOrderStatus response status.status_code: is not of type 'integer' (value: 200)"
    ]
    assert answered(checker, 200, json.dumps({"status": OK_STATUS}).encode()) == [
        "fetchOrderStatus response orders: required member is missing"
    ]


def test_an_undocumented_status_content_type_or_body_is_named(checker: Checker) -> None:
    [status] = answered(checker, 418, b"{}")
    assert status.startswith("fetchOrderStatus response (status): undocumented status (documented: 200")
    assert status.endswith("(value: 418)")
    [kind] = answered(checker, 200, b"<html></html>", "text/html")
    assert kind.startswith("fetchOrderStatus response (content-type): undocumented content type (documented: ")
    assert kind.endswith("(value: text/html)")
    [broken] = answered(checker, 200, b'{"orders": [')
    assert broken == 'fetchOrderStatus response (body): not valid JSON (value: {"orders": [)'


def test_an_unknown_operation_and_a_missing_body_or_key_are_named(checker: Checker) -> None:
    exchange = Exchange("POST", "/nowhere", {}, b"", 404, {}, b"")
    assert checker.check(exchange) == (
        "POST /nowhere",
        [Violation("POST /nowhere", "request", "(path)", "openapi.yaml has no such operation")],
    )
    keyless = Exchange("POST", "/fetch_order_status", {"app_key": "b", "content-type": "application/json"},
                       b'{"order_ids": [1]}', 200, {}, b"")  # fmt: skip
    requests = [str(v) for v in checker.check(keyless)[1] if v.direction == "request"]
    assert requests == ["fetchOrderStatus request (headers): missing key header(s): web_api_key"]
    exchange = Exchange("POST", "/fetch_order_status", {"web_api_key": "k-1", "app_key": "k-2"}, b"", 200, {}, b"")
    assert "fetchOrderStatus request (body): a request body is required" in [str(v) for v in checker.check(exchange)[1]]
    found = check(checker, "POST", "/fetch_order_status", {"order_ids": [1]}, **{"content-type": "text/plain"})
    [kind] = [str(v) for v in found]
    assert kind.startswith("fetchOrderStatus request (content-type): undocumented content type (documented: ")
    assert kind.endswith("(value: text/plain)")


# --- each violation word for word --------------------------------------------------------------------------


def test_each_violation_is_said_word_for_word(checker: Checker) -> None:
    """What a user reads in the proxy's log and the cassette report, for each kind of violation."""
    responses = ", ".join(checker.spec.document["paths"]["/fetch_order_status"]["post"]["responses"])
    assert responses.startswith("200, 400")  # openapi.yaml's documented statuses, in its order
    assert answered(checker, 418, b"{}") == [
        f"fetchOrderStatus response (status): undocumented status (documented: {responses}) (value: 418)"
    ]
    assert answered(checker, 200, b"<p>", "text/html") == [
        "fetchOrderStatus response (content-type): undocumented content type (documented: application/json)"
        " (value: text/html)"
    ]
    # a body that is not UTF-8 is shown with the bad bytes replaced, not refused
    assert answered(checker, 200, b"\xff{") == ["fetchOrderStatus response (body): not valid JSON (value: \ufffd{)"]
    assert [str(v) for v in check_raw(checker, b"{")] == ["fetchOrderStatus request (body): not valid JSON"]
    untyped = check_raw(checker, b'{"order_ids": [1]}', drop="content-type")
    assert [str(v) for v in untyped] == [
        "fetchOrderStatus request (content-type): undocumented content type (documented: application/json)"
        " (value: none)"
    ]
    keyless = check_raw(checker, b'{"order_ids": [1]}', drop="web_api_key app_key")
    assert [str(v) for v in keyless] == [
        "fetchOrderStatus request (headers): missing key header(s): web_api_key, app_key"
    ]


def check_raw(checker: Checker, body: bytes, drop: str = "") -> list[Violation]:
    """The request's violations of a fetchOrderStatus call sending body, without the headers named in drop."""
    sent = {"web_api_key": "web-key-4711", "app_key": "app-key-0815", "content-type": "application/json"}
    sent = {name: value for name, value in sent.items() if name not in drop.split()}
    answer = json.dumps({"orders": [], "status": OK_STATUS}).encode()
    exchange = Exchange("POST", "/fetch_order_status", sent, body, 200, {"content-type": "application/json"}, answer)
    return [violation for violation in checker.check(exchange)[1] if violation.direction == "request"]


# --- the fast path ---------------------------------------------------------------------------------------


class OpenApiCoreOnly(Checker):
    """The Checker without its fast path: every exchange goes to openapi-core."""

    def conforms(self, operation_id: str, exchange: Exchange, headers: Any) -> bool:
        return False


GOOD_ANSWER = json.dumps({"orders": [], "status": OK_STATUS}).encode()
KEYS = {"web_api_key": "web-key-4711", "app_key": "app-key-0815"}
EDGES = [  # (request headers, request body, status, response content type, response body)
    ({**KEYS, "content-type": "application/json"}, b'{"order_ids": [1]}', 200, "application/json", GOOD_ANSWER),
    ({**KEYS, "Content-Type": "application/json; charset=utf-8"}, b'{"order_ids": [1]}', 200,
     "application/json; charset=utf-8", GOOD_ANSWER),
    ({**KEYS, "content-type": "text/json"}, b'{"order_ids": [1]}', 200, "application/json", GOOD_ANSWER),
    ({**KEYS, "content-type": "APPLICATION/JSON"}, b'{"order_ids": [1]}', 200, "Application/Json", GOOD_ANSWER),
    ({**KEYS, "content-type": "application/json; charset=latin-1"}, b'{"order_ids": [1]}', 200,
     "application/json", GOOD_ANSWER),
    ({**KEYS, "content-type": "application/json"}, b'{"order_ids": [1.0]}', 200, "application/json", GOOD_ANSWER),
    ({**KEYS, "content-type": "application/json"}, b'{"order_ids": ["1"]}', 200, "application/json", GOOD_ANSWER),
    ({**KEYS, "content-type": "application/json"}, b"null", 200, "application/json", GOOD_ANSWER),
    ({**KEYS, "content-type": "application/json"}, b"\xef\xbb\xbf{}", 200, "application/json", GOOD_ANSWER),
    ({**KEYS, "content-type": "application/json"}, b'{"order_ids": [1]}', 200, "application/json", b"\xff"),
    ({**KEYS, "content-type": "application/json"}, b'{"order_ids": [1]}', 200, "text/json", GOOD_ANSWER),
    ({**KEYS, "content-type": "application/json"}, b'{"order_ids": [1]}', 200, "", GOOD_ANSWER),
    ({**KEYS, "content-type": "application/json"}, b'{"order_ids": [1]}', 200, "application/json", b"{}"),
    ({**KEYS, "content-type": "application/json"}, b'{"order_ids": [1]}', 429, "application/json", GOOD_ANSWER),
    ({**KEYS, "content-type": "application/json"}, b'{"order_ids": [1]}', 400, "application/json",
     b'{"Message": "The request is invalid."}'),
    ({"web_api_key": "", "app_key": "k", "content-type": "application/json"}, b'{"order_ids": [1]}', 200,
     "application/json", GOOD_ANSWER),
    ({"app_key": "k", "content-type": "application/json"}, b'{"order_ids": [1]}', 200, "application/json",
     GOOD_ANSWER),
]  # fmt: skip


@pytest.mark.parametrize("edge", range(len(EDGES)))
def test_the_fast_path_gives_openapi_cores_verdict(checker: Checker, edge: int) -> None:
    request_headers, request_body, status, content_type, response_body = EDGES[edge]
    response_headers = {"content-type": content_type} if content_type else {}
    for method in ("POST", "post"):
        exchange = Exchange(method, "/fetch_order_status", request_headers, request_body, status, response_headers,
                            response_body)  # fmt: skip
        assert checker.check(exchange) == OpenApiCoreOnly(checker.spec).check(exchange)


def test_a_conforming_exchange_takes_the_fast_path(checker: Checker) -> None:
    headers, body, status, content_type, answer = EDGES[0]
    exchange = Exchange("POST", "/fetch_order_status", headers, body, status, {"content-type": content_type}, answer)
    assert checker.conforms("fetchOrderStatus", exchange, headers)
    broken = Exchange("POST", "/fetch_order_status", headers, b'{"order_ids": "1"}', status, exchange.response_headers,
                      answer)  # fmt: skip
    assert not checker.conforms("fetchOrderStatus", broken, headers)
    assert checker.plan("fetchOrderStatus") is checker.plan("fetchOrderStatus")  # compiled once


# --- which operations and statuses the fast path covers ------------------------------------------------
# A Checker of its own in each test (not the module's): a plan is compiled once per Checker, and these
# tests are about how it is compiled.

DOCUMENTED_WITH_HEADERS = {429, 503}  # Retry-After: headers the fast path does not check, openapi-core does


@pytest.mark.parametrize("operation_id", ["updateOrder", "fetchOrderStatus", "updateCustomer", "deletePendingOrders"])
def test_each_operation_of_openapi_yaml_has_a_fast_path(operation_id: str) -> None:
    checker = Checker()
    plan = checker.plan(operation_id)
    assert plan is not None and plan.key_headers == ("web_api_key", "app_key")
    documented = {int(code) for code in checker.spec.operation(operation_id)["responses"]}
    assert documented >= DOCUMENTED_WITH_HEADERS
    assert set(plan.responses) == documented - DOCUMENTED_WITH_HEADERS
    # each status has its own body's validator: the Message/ModelState of a 400 is no success
    success, refused = GOOD_ANSWER if operation_id == "fetchOrderStatus" else b"{}", b'{"Message": "No."}'
    assert plan.responses[400].is_valid(json.loads(refused))
    assert not plan.responses[200].is_valid(json.loads(refused))
    if operation_id == "fetchOrderStatus":
        assert plan.responses[200].is_valid(json.loads(success))
        assert plan.request.is_valid({"order_ids": [1]}) and not plan.request.is_valid({"order_ids": "1"})


def edited(tmp_path: Any, edit: Any) -> Checker:
    """A Checker of a copy of openapi.yaml changed by edit(document), its fetchOrderStatus operation as
    `operation` (the document is written as JSON, which is YAML)."""
    document = json.loads(json.dumps(Checker().spec.document))
    edit(document, document["paths"]["/fetch_order_status"]["post"])
    (tmp_path / "openapi.yaml").write_text(json.dumps(document), encoding="utf-8")
    return Checker(Spec(tmp_path / "openapi.yaml"))


def inline(document: dict[str, Any], operation: dict[str, Any], status: str) -> dict[str, Any]:
    """The operation's response for status, written in the operation (a $ref replaced by a copy of what
    it names)."""
    response = operation["responses"][status]
    if "$ref" in response:
        name = response["$ref"].rsplit("/", 1)[1]
        response = operation["responses"][status] = json.loads(json.dumps(document["components"]["responses"][name]))
    return response  # type: ignore[no-any-return]


QUERY = {"name": "q", "in": "query", "schema": {"type": "string"}}
NOT_COVERED = {  # an operation the fast path leaves to openapi-core: what it would have to check besides
    "a parameter": lambda d, o: o.update(parameters=[QUERY]),
    "a parameter of its path": lambda d, o: d["paths"]["/fetch_order_status"].update(parameters=[QUERY]),
    "no request body": lambda d, o: o.pop("requestBody"),
    "an optional request body": lambda d, o: o["requestBody"].update(required=False),
    "a second media type": lambda d, o: o["requestBody"]["content"].update({"text/plain": {}}),
    "another media type": lambda d, o: o["requestBody"].update(content={"text/plain": {"schema": {}}}),
    "a body without a schema": lambda d, o: o["requestBody"]["content"]["application/json"].pop("schema"),
    "no security": lambda d, o: o.update(security=[]),
    "alternative securities": lambda d, o: o.update(security=[{"web_api_key": []}, {"app_key": []}]),
    "a bearer token": lambda d, o: (
        d["components"]["securitySchemes"].update(bearer={"type": "http", "scheme": "bearer"}),
        o.update(security=[{"web_api_key": [], "bearer": []}]),
    ),
    "a key in the query": lambda d, o: d["components"]["securitySchemes"]["app_key"].update({"in": "query"}),
    "a key in a cookie": lambda d, o: d["components"]["securitySchemes"]["app_key"].update({"in": "cookie"}),
}


@pytest.mark.parametrize("case", NOT_COVERED)
def test_an_operation_with_more_to_check_than_keys_and_a_json_body_has_no_fast_path(tmp_path: Any, case: str) -> None:
    assert edited(tmp_path, NOT_COVERED[case]).plan("fetchOrderStatus") is None


def test_the_fast_path_follows_the_operations_own_security(tmp_path: Any) -> None:
    def edit(document: dict[str, Any], operation: dict[str, Any]) -> None:
        document.pop("security")
        operation["security"] = [{"app_key": []}]

    plan = edited(tmp_path, edit).plan("fetchOrderStatus")
    assert plan is not None and plan.key_headers == ("app_key",)


def test_a_key_header_is_matched_whatever_the_case_of_its_name(tmp_path: Any) -> None:
    checker = edited(tmp_path, lambda d, o: d["components"]["securitySchemes"]["app_key"].update(name="App_Key"))
    plan = checker.plan("fetchOrderStatus")
    assert plan is not None and plan.key_headers == ("web_api_key", "app_key")
    headers, body, status, content_type, answer = EDGES[0]
    exchange = Exchange("POST", "/fetch_order_status", headers, body, status, {"content-type": content_type}, answer)
    assert checker.conforms("fetchOrderStatus", exchange, headers)


STATUS_NOT_COVERED = {  # a status whose answer the fast path leaves to openapi-core
    "headers written in the operation": lambda d, o: inline(d, o, "200").update(
        headers={"X-Seen": {"schema": {"type": "string"}}}
    ),
    "another media type": lambda d, o: inline(d, o, "200").update(content={"text/plain": {"schema": {}}}),
    "a second media type": lambda d, o: inline(d, o, "200")["content"].update({"text/plain": {"schema": {}}}),
    "no body": lambda d, o: inline(d, o, "200").pop("content"),
    "a body without a schema": lambda d, o: inline(d, o, "200")["content"]["application/json"].pop("schema"),
}


@pytest.mark.parametrize("case", STATUS_NOT_COVERED)
def test_a_status_with_more_than_a_json_body_is_left_to_openapi_core(tmp_path: Any, case: str) -> None:
    plan = edited(tmp_path, STATUS_NOT_COVERED[case]).plan("fetchOrderStatus")
    assert plan is not None and 200 not in plan.responses and {400, 500} <= set(plan.responses)


def test_a_default_response_is_left_to_openapi_core(tmp_path: Any) -> None:
    def edit(document: dict[str, Any], operation: dict[str, Any]) -> None:
        operation["responses"] = {"default": operation["responses"]["400"], **operation["responses"]}

    plan = edited(tmp_path, edit).plan("fetchOrderStatus")
    assert plan is not None and set(plan.responses) == {200, 400, 413, 415, 500, 502, 504}


# --- what is not a body member: headers, parameters, a missing body -------------------------------------


def rate_limited(checker: Checker, **headers: str) -> list[str]:
    """The response's violations of a 429 with headers (and its documented body)."""
    sent = {**KEYS, "content-type": "application/json"}
    exchange = Exchange("POST", "/fetch_order_status", sent, b'{"order_ids": [1]}', 429,
                        {"content-type": "application/json", **headers}, b'{"Message": "Slow down."}')  # fmt: skip
    return [str(violation) for violation in checker.check(exchange)[1]]


def test_a_response_header_is_named_with_what_is_wrong_and_its_value(checker: Checker) -> None:
    assert rate_limited(checker, **{"Retry-After": "5"}) == []
    assert rate_limited(checker, **{"Retry-After": "-5"}) == [
        "fetchOrderStatus response (headers): Retry-After: is less than the minimum of 0 (value: -5)"
    ]
    assert rate_limited(checker, **{"retry-after": "5, 6"}) == [
        "fetchOrderStatus response (headers): Retry-After: Failed to cast value to integer type: 5, 6 (value: 5, 6)"
    ]


def test_a_required_header_or_parameter_that_is_missing_is_named(tmp_path: Any) -> None:
    def edit(document: dict[str, Any], operation: dict[str, Any]) -> None:
        document["components"]["headers"]["RetryAfter"]["required"] = True
        operation["parameters"] = [{"name": "q", "in": "header", "required": True, "schema": {"type": "integer"}}]

    checker = edited(tmp_path, edit)
    assert rate_limited(checker) == [
        "fetchOrderStatus request (parameters): q: required and missing",
        "fetchOrderStatus response (headers): Retry-After: required and missing",
    ]
    # every error of a request is listed, not only the last one
    sent = {**KEYS, "content-type": "application/json"}
    exchange = Exchange("POST", "/fetch_order_status", sent, b'{"order_ids": "1"}', 200,
                        {"content-type": "application/json"}, GOOD_ANSWER)  # fmt: skip
    assert [(v.member, v.message) for v in checker.check(exchange)[1]] == [
        ("(parameters)", "q: required and missing"),
        ("order_ids", "is not of type 'array', 'null'"),
    ]
    typed = replace(exchange, request_headers={**sent, "q": "x"})
    assert (
        str(checker.check(typed)[1][0])
        == "fetchOrderStatus request (parameters): q: Failed to cast value to integer type: x"
    )


def test_a_missing_response_body_and_a_missing_content_type_are_named(checker: Checker) -> None:
    assert answered(checker, 200, b"") == ["fetchOrderStatus response (body): Missing response data"]
    sent = {**KEYS, "content-type": "application/json"}
    untyped = Exchange("POST", "/fetch_order_status", sent, b'{"order_ids": [1]}', 200, {}, GOOD_ANSWER)
    assert [str(v) for v in checker.check(untyped)[1]] == [
        "fetchOrderStatus response (content-type): undocumented content type (documented: application/json)"
        " (value: none)"
    ]


def test_any_other_error_of_openapi_cores_is_said_in_its_words(tmp_path: Any) -> None:
    form = {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}
    checker = edited(
        tmp_path, lambda d, o: o["requestBody"]["content"].update({"application/x-www-form-urlencoded": form})
    )
    sent = {**KEYS, "content-type": "application/x-www-form-urlencoded"}
    exchange = Exchange("POST", "/fetch_order_status", sent, b"n=x", 200, {"content-type": "application/json"},
                        GOOD_ANSWER)  # fmt: skip
    assert [str(v) for v in checker.check(exchange)[1]] == [
        "fetchOrderStatus request (body): Failed to cast value to integer type: x"
    ]


def test_every_documented_media_type_is_listed(tmp_path: Any) -> None:
    def edit(document: dict[str, Any], operation: dict[str, Any]) -> None:
        operation["requestBody"]["content"]["text/json"] = operation["requestBody"]["content"]["application/json"]
        inline(document, operation, "200")["content"]["text/json"] = {"schema": {}}

    checker = edited(tmp_path, edit)
    sent = {**KEYS, "content-type": "text/plain"}
    exchange = Exchange("POST", "/fetch_order_status", sent, b"{}", 200, {"content-type": "text/html"}, b"<p>")
    assert [v.message for v in checker.check(exchange)[1]] == [
        "undocumented content type (documented: application/json, text/json)"
    ] * 2


def test_a_body_that_is_no_object_is_named_as_the_root(checker: Checker) -> None:
    [violation] = check_raw(checker, b"[]")
    assert (violation.member, violation.message, violation.value) == ("(root)", "is not of type 'object'", "[]")


def test_a_json_alias_is_checked_as_json_whatever_its_case_and_parameters(checker: Checker) -> None:
    for content_type in ("text/json; charset=utf-8", "TEXT/JSON"):
        found = check(checker, "POST", "/fetch_order_status", {"order_ids": "1"}, **{"content-type": content_type})
        assert [(v.member, v.value) for v in found] == [("order_ids", "1")]


# --- how values are shown -------------------------------------------------------------------------------


def test_a_schema_message_that_starts_with_the_value_as_json_loses_it() -> None:
    """schemathesis (make contract) says a value as compact JSON, jsonschema as a Python repr."""
    value = {"a": [1, True]}
    as_json = schema_violation("op", "response", ["x"], '{"a":[1,true]} is not of type "integer"', value)
    as_repr = schema_violation("op", "response", ["x"], "{'a': [1, True]} is not of type 'integer'", value)
    assert (as_json.message, as_repr.message) == ('is not of type "integer"', "is not of type 'integer'")
    assert as_json.value == as_repr.value == '{"a": [1, true]}'


def test_a_value_json_cannot_write_is_shown_as_text() -> None:
    at = datetime(2025, 2, 3, 10, 0, tzinfo=UTC)
    assert show({"at": at}) == '{"at": "2025-02-03 10:00:00+00:00"}'
    weird = schema_violation("op", "request", [], f"{at!r} is not of type 'string'", at)
    assert weird.message == "is not of type 'string'" and weird.value == '"2025-02-03 10:00:00+00:00"'


# --- the fast path's reading of content types ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "taken"),
    [
        ("application/json", True),
        ("application/json;", True),
        ("application/json; charset = utf-8", True),
        ("APPLICATION/JSON; CHARSET=UTF-8", True),
        ("text/json", True),
        ("application/json; charset=latin-1", False),
        ("application/json; version=2", False),
        ("text/plain", False),
    ],
)
def test_the_fast_path_takes_json_sent_as_utf_8_and_nothing_else(content_type: str, taken: bool) -> None:
    headers = {**KEYS, "content-type": content_type}
    for response_type in (content_type, "application/json"):
        if response_type == "text/json":
            continue  # openapi.yaml documents application/json answers only
        exchange = Exchange("POST", "/fetch_order_status", headers, b'{"order_ids": [1]}', 200,
                            {"Content-Type": response_type}, GOOD_ANSWER)  # fmt: skip
        assert Checker().conforms("fetchOrderStatus", exchange, headers) is taken
