"""The client runtime's rules, each on the smallest case that shows it, through the public names
(FinerWorksClient, the errors, RetryPolicy): which error each answer raises and what it carries, how
long a retry waits, what a deadline does to each attempt's timeouts, which keys are refused, and
what the OrderStatus model refuses. tests/client/test_production_client.py runs the same client
through every way of calling it; this file pins each rule down (make mutate's client group)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from finerworks_client import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    FinerWorksClient,
    FinerWorksError,
    NotFoundError,
    OperationFailedError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
)
from finerworks_client.models import OrderStatus

from tests.support import NOWHERE

WEB, APP = "web-key-4711", "app-key-0815"
OK = {"status": {"success": True, "status_code": 200, "message": "", "debug": None}, "orders": []}


class Recorded:
    """An httpx transport answering every request with one response, keeping the requests."""

    def __init__(self, status: int = 200, body: Any = OK, headers: dict[str, str] | None = None) -> None:
        self.content = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.status, self.headers = status, {"content-type": "application/json", **(headers or {})}
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status, content=self.content, headers=self.headers)


def client(recorded: Recorded, **options: Any) -> FinerWorksClient:
    waits: list[float] = []
    policy = RetryPolicy(sleep=waits.append, jitter=lambda: 1.0)
    return FinerWorksClient(
        web_api_key=WEB,
        app_key=APP,
        base_url=NOWHERE,
        retry_policy=options.pop("retry_policy", policy),
        httpx_args={"transport": recorded.transport},
        **options,
    )


def raised(status: int, body: Any, headers: dict[str, str] | None = None, **options: Any) -> FinerWorksError:
    """The error fetch_status raises for one answer (no retries)."""
    with (
        client(Recorded(status, body, headers), max_retries=0, **options) as fw,
        pytest.raises(FinerWorksError) as error,
    ):
        fw.orders.fetch_status(order_ids=[1])
    return error.value


# --- which error each answer raises -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, ValidationError),
        (413, ValidationError),
        (415, ValidationError),
        (422, ValidationError),
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, ServerError),
        (501, ServerError),
        (503, ServerError),
        (599, ServerError),
    ],
)
def test_each_error_status_raises_its_error_class(status: int, error: type[FinerWorksError]) -> None:
    found = raised(status, {"Message": "refused"})
    assert type(found) is error
    assert (found.status_code, found.message, found.body) == (status, "refused", {"Message": "refused"})
    assert found.response is not None and found.response.status_code == status


@pytest.mark.parametrize("status", [402, 405, 408, 410, 418, 451, 499])
def test_any_other_4xx_is_a_plain_api_error(status: int) -> None:
    found = raised(status, {"Message": "no"})
    assert type(found) is APIError and (found.status_code, found.message) == (status, "no")


def test_a_success_status_whose_envelope_says_success_false_is_an_operation_failure() -> None:
    refusal = {"status": {"success": False, "message": "order locked", "reference_id": "r-1"}, "orders": []}
    found = raised(200, refusal)
    assert type(found) is OperationFailedError
    assert (found.status_code, found.message, found.reference_id) == (200, "order locked", "r-1")
    # a status envelope at the top level, and no message: a default one
    found = raised(200, {"success": False})
    assert type(found) is OperationFailedError and found.message == "FinerWorks reported success: false"


@pytest.mark.parametrize("body", [b"[]", b'"ok"', b"<html>maintenance</html>", b"", b"{"])
def test_a_success_status_without_a_json_object_is_an_unexpected_response(body: bytes) -> None:
    found = raised(200, body)
    assert type(found) is UnexpectedResponseError and found.status_code == 200
    assert isinstance(found, UnexpectedResponseError) and found.path == ""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"Message": "capital", "message": "lower"}, "capital"),
        ({"Message": "", "message": "lower"}, "lower"),
        ({"Message": None, "status": {"message": "from the envelope"}}, "from the envelope"),
        ({"status": {"message": 5}}, 'Bad Request: \'{"status": {"message": 5}}\''),
        (b"<h1>Bad   request</h1>", "Bad Request: '<h1>Bad request</h1>'"),
        (b"", "Bad Request: (empty body)"),
        (b"x" * 300, "Bad Request: '" + "x" * 200 + "...'"),
        (b"x" * 200, "Bad Request: '" + "x" * 200 + "'"),
    ],
)
def test_the_message_is_what_finerworks_said_else_the_start_of_the_body(body: Any, message: str) -> None:
    assert raised(400, body).message == message


def test_the_reference_id_is_kept_when_it_is_a_string() -> None:
    assert raised(409, {"status": {"success": False, "message": "m", "reference_id": "ab-1"}}).reference_id == "ab-1"
    assert raised(409, {"success": False, "message": "m", "reference_id": "top"}).reference_id == "top"
    assert raised(409, {"status": {"message": "m", "reference_id": 7}}).reference_id is None
    assert str(raised(404, {"Message": "gone"})) == "HTTP 404: gone"


@pytest.mark.parametrize(
    ("model_state", "fields"),
    [
        ({"request.order_id": ["too small", None, 5]}, {"request.order_id": ["too small", "5"]}),
        ({"request.order_id": None}, {"request.order_id": []}),
        ({"request.order_id": "one message"}, {"request.order_id": ["one message"]}),
        ({1: ["numbered"]}, {"1": ["numbered"]}),
        (["not", "a", "dict"], {}),
        (None, {}),
    ],
)
def test_a_validation_error_carries_the_model_state_per_field(model_state: Any, fields: dict[str, Any]) -> None:
    found = raised(400, {"Message": "The request is invalid.", "ModelState": model_state})
    assert isinstance(found, ValidationError) and found.field_errors == fields
    unsupported = raised(415, b"unsupported")
    assert isinstance(unsupported, ValidationError) and unsupported.field_errors == {}


# --- Retry-After ----------------------------------------------------------------------------------------


def test_a_rate_limit_error_carries_the_wait_finerworks_asked_for() -> None:
    found = raised(429, {"Message": "slow down"}, {"Retry-After": "3600"})
    assert isinstance(found, RateLimitError) and found.retry_after == 3600.0
    found = raised(429, {"Message": "slow down"}, {"Retry-After": " 2.5 "})
    assert isinstance(found, RateLimitError) and found.retry_after == 2.5
    found = raised(429, {"Message": "slow down"})
    assert isinstance(found, RateLimitError) and found.retry_after is None
    found = raised(429, {"Message": "slow down"}, {"Retry-After": "soon"})
    assert isinstance(found, RateLimitError) and found.retry_after is None


def test_a_retry_after_in_the_past_or_negative_means_no_wait() -> None:
    found = raised(429, {}, {"Retry-After": "-5"})
    assert isinstance(found, RateLimitError) and found.retry_after == 0.0
    past = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True)
    found = raised(429, {}, {"Retry-After": past})
    assert isinstance(found, RateLimitError) and found.retry_after == 0.0
    future = format_datetime(datetime.now(UTC) + timedelta(seconds=100), usegmt=True)
    found = raised(429, {}, {"Retry-After": future})
    assert isinstance(found, RateLimitError) and found.retry_after is not None and 95 <= found.retry_after <= 100


def test_a_retry_waits_what_retry_after_asks_up_to_its_maximum() -> None:
    now = datetime(2026, 11, 24, 12, 0, 0, tzinfo=UTC)
    policy = RetryPolicy(retry_after_max=60.0, jitter=lambda: 0.0, clock=lambda: now)

    def after(value: str) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": value})

    assert policy.delay(1, after("60")) == 60.0
    assert policy.delay(1, after("61")) is None  # too long: not retried
    assert policy.delay(1, after("-3")) == 0.0
    assert policy.delay(1, after("Tue, 24 Nov 2026 11:59:00 GMT")) == 0.0
    assert policy.delay(3, after("garbage")) == 1.0  # unreadable: the backoff's, half of 0.5 * 2 ** 2
    assert policy.delay(3, httpx.Response(503)) == 1.0


def constant(value: float) -> Callable[[], float]:
    """A jitter source that always draws value."""
    return lambda: value


def test_backoff_is_half_to_all_of_its_ceiling() -> None:
    for jitter, expected in ((0.0, 2.0), (0.5, 3.0), (1.0, 4.0)):
        policy = RetryPolicy(backoff_initial=1.0, backoff_max=4.0, jitter=constant(jitter))
        assert policy.delay(5, None) == expected


def test_only_429_502_503_504_and_transport_failures_are_retried() -> None:
    for status, attempts in ((429, 3), (502, 3), (503, 3), (504, 3), (500, 1), (501, 1), (408, 1), (400, 1)):
        recorded = Recorded(status, {})
        with client(recorded) as fw, pytest.raises(FinerWorksError):
            fw.orders.fetch_status(order_ids=[1])
        assert len(recorded.requests) == attempts, status


# --- the deadline -----------------------------------------------------------------------------------------


def timeouts_sent(**options: Any) -> dict[str, float | None]:
    recorded = Recorded()
    with client(recorded, **options) as fw:
        fw.orders.fetch_status(order_ids=[1])
    [request] = recorded.requests
    return dict(request.extensions["timeout"])


def test_each_attempt_waits_at_most_until_the_deadline() -> None:
    clipped = timeouts_sent(timeout=30.0, deadline=2.0)
    assert set(clipped) == {"connect", "read", "write", "pool"}
    assert all(value is not None and 1.5 < value <= 2.0 for value in clipped.values()), clipped
    # a timeout of None (wait forever) is clipped too
    clipped = timeouts_sent(timeout=httpx.Timeout(None, connect=1.0), deadline=3.0)
    assert clipped["connect"] == 1.0
    assert all(value is not None and 2.5 < value <= 3.0 for name, value in clipped.items() if name != "connect")


def test_timeouts_shorter_than_the_time_left_are_kept() -> None:
    assert timeouts_sent(timeout=httpx.Timeout(4.0, connect=1.0), deadline=60.0) == {
        "connect": 1.0,
        "read": 4.0,
        "write": 4.0,
        "pool": 4.0,
    }


def test_a_call_whose_deadline_has_passed_sends_nothing() -> None:
    recorded = Recorded()
    with client(recorded, deadline=1e-9) as fw, pytest.raises(APITimeoutError, match="deadline of 1e-09 s passed"):
        fw.orders.fetch_status(order_ids=[1])
    assert recorded.requests == []
    recorded = Recorded()
    with client(recorded) as fw, pytest.raises(APITimeoutError, match="deadline"):
        fw.with_options(deadline=1e-9).orders.fetch_status(order_ids=[1])
    assert recorded.requests == []


def test_no_retry_is_made_that_would_end_after_the_deadline() -> None:
    recorded = Recorded(503, {})
    slow = RetryPolicy(backoff_initial=10.0, jitter=lambda: 1.0, sleep=lambda seconds: None)
    with client(recorded, deadline=5.0, retry_policy=slow) as fw, pytest.raises(ServerError):
        fw.orders.fetch_status(order_ids=[1])
    assert len(recorded.requests) == 1


def test_a_refused_connection_is_retried_then_raised_as_a_connection_error() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    waits: list[float] = []
    policy = RetryPolicy(sleep=waits.append, jitter=lambda: 1.0)
    fw = FinerWorksClient(
        web_api_key=WEB, app_key=APP, base_url=NOWHERE, retry_policy=policy, max_retries=1,
        httpx_args={"transport": httpx.MockTransport(fail)},
    )  # fmt: skip
    with fw, pytest.raises(APIConnectionError) as error:
        fw.orders.fetch_status(order_ids=[1])
    assert type(error.value) is APIConnectionError and "after 2 attempt(s)" in str(error.value)
    assert waits == [0.5]


# --- keys ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("character", ["\x00", "\x1f", "\x7f", "\n", "\t"], ids=["NUL", "US", "DEL", "LF", "TAB"])
def test_a_key_holding_a_control_character_is_refused(character: str) -> None:
    with pytest.raises(ConfigurationError, match="control character"):
        FinerWorksClient(web_api_key=f"web{character}key", app_key=APP, base_url=NOWHERE)


@pytest.mark.parametrize("key", ["web key", "web~key", "w", "!#$%&'*+-.^_`|~0123456789"])
def test_a_key_of_printable_ascii_is_accepted(key: str) -> None:
    assert FinerWorksClient(web_api_key=key, app_key=APP, base_url=NOWHERE)


def test_a_key_with_a_character_past_ascii_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="non-ASCII"):
        FinerWorksClient(web_api_key="web\x80key", app_key=APP, base_url=NOWHERE)


# --- the OrderStatus model ------------------------------------------------------------------------------------


STATUS = {
    "order_confirmation_id": 0,
    "order_po": "PO-1",
    "order_id": 123456,
    "order_status_id": 7,
    "order_status_label": "Shipped",
    "shipments": None,
}


def test_an_order_status_reads_and_writes_every_member() -> None:
    status = OrderStatus.from_dict(STATUS)
    assert (status.order_id, status.order_status_id, status.order_status_label) == (123456, 7, "Shipped")
    assert status.to_dict() == STATUS
    nulls = {**STATUS, "order_po": None, "order_status_label": None, "shipments": []}
    assert OrderStatus.from_dict(nulls).to_dict() == nulls


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("order_status_id", "7"),
        ("order_status_id", 7.5),
        ("order_status_id", None),
        ("order_id", "123456"),
        ("order_confirmation_id", None),
        ("order_po", 5),
        ("order_status_label", 7),
        ("shipments", {"not": "a list"}),
    ],
)
def test_an_order_status_refuses_a_member_of_the_wrong_type(member: str, value: Any) -> None:
    with pytest.raises(UnexpectedResponseError) as error:
        OrderStatus.from_dict({**STATUS, member: value})
    assert error.value.path == member
    assert json.dumps(value) in str(error.value) or repr(value) in str(error.value)


@pytest.mark.parametrize("member", sorted(STATUS))
def test_an_order_status_refuses_a_missing_member(member: str) -> None:
    with pytest.raises(UnexpectedResponseError, match="the member is missing") as error:
        OrderStatus.from_dict({name: value for name, value in STATUS.items() if name != member})
    assert error.value.path == member


def test_a_shipment_that_does_not_fit_is_named_by_its_index() -> None:
    with pytest.raises(UnexpectedResponseError) as error:
        OrderStatus.from_dict({**STATUS, "shipments": ["not an object"]})
    assert error.value.path == "shipments[0]"


def test_members_an_order_status_does_not_document_are_kept_and_sent_back() -> None:
    status = OrderStatus.from_dict({**STATUS, "priority": "high"})
    assert status.additional_properties == {"priority": "high"} and "priority" in status
    assert status["priority"] == "high" and status.additional_keys == ["priority"]
    assert status.to_dict() == {"priority": "high", **STATUS}
    del status["priority"]
    assert "priority" not in status and status.to_dict() == STATUS
    plain = OrderStatus.from_dict(STATUS)
    assert "priority" not in plain and plain.additional_properties == {}
    plain["x"] = 1
    assert plain.to_dict()["x"] == 1


# --- what an error says ----------------------------------------------------------------------------------


def test_the_message_prefers_the_body_s_own_message_to_its_status_envelope_s() -> None:
    assert raised(400, {"message": "top", "status": {"message": "envelope"}}).message == "top"
    assert raised(599, b"").message == "error: (empty body)"  # no reason phrase for 599
    found = raised(200, b"<html>")
    assert found.message.startswith("the response is not the documented JSON object: '<html>'")
    assert found.body is None and raised(502, b"<html>").body is None


def test_an_error_reads_as_its_status_message_and_fields() -> None:
    error = ValidationError("invalid", status_code=400, field_errors={"a": ["x", "y"], "b": ["z"]})
    assert str(error) == "HTTP 400: invalid [a: x y; b: z]"
    assert str(ValidationError("invalid")) == "invalid" and error.args == ("invalid",)
    assert str(ConfigurationError("no key")) == "no key"


def test_a_value_that_does_not_fit_is_named_with_its_path_and_value() -> None:
    with pytest.raises(UnexpectedResponseError) as error:
        OrderStatus.from_dict({**STATUS, "order_status_id": "7"})
    assert str(error.value) == "the response does not fit the documented model at order_status_id: unexpected value '7'"
    with pytest.raises(UnexpectedResponseError) as error:
        OrderStatus.from_dict({**STATUS, "order_status_id": "x" * 100})
    assert (
        f"unexpected value '{'x' * 76}..." in str(error.value)
        and len(error.value.message) == len("unexpected value ") + 80
    )
    with pytest.raises(UnexpectedResponseError) as error:
        OrderStatus.from_dict({**STATUS, "order_id": "y" * 78})
    assert error.value.message == "unexpected value " + repr("y" * 78)  # 80 characters: shown whole
    with pytest.raises(UnexpectedResponseError) as error:
        OrderStatus.from_dict({**STATUS, "order_id": None})
    assert error.value.message == "unexpected value null"
    with pytest.raises(UnexpectedResponseError) as error:
        OrderStatus.from_dict([1])  # type: ignore[arg-type]
    assert (error.value.path, str(error.value)) == (
        "",
        "the response does not fit the documented model: expected a JSON object, got [1]",
    )
    missing = {name: value for name, value in STATUS.items() if name != "order_id"}
    with pytest.raises(UnexpectedResponseError) as error:
        OrderStatus.from_dict(missing)
    assert str(error.value) == "the response does not fit the documented model at order_id: the member is missing"


def test_a_shipment_deep_in_a_list_is_named_by_its_index_and_what_is_wrong_with_it() -> None:
    from finerworks_client.models import FetchOrderStatusResponse

    shipment = {"creation_date": "2026-01-01T00:00:00Z", "shipment_date": None, "eta_date": None, "delivery_date": None,
                "weight": None, "width": None, "height": None, "depth": None, "tracking_number": None,
                "tracking_url": None, "carrier": None, "history": None}  # fmt: skip
    bad = {**shipment, "delivery_date": "not a date"}
    body = {"status": {"success": True, "status_code": 200, "message": "", "debug": None},
            "orders": [STATUS, {**STATUS, "shipments": [shipment, bad]}]}  # fmt: skip
    try:
        FetchOrderStatusResponse.from_dict(body)
    except UnexpectedResponseError as error:
        assert error.path == "orders[1].shipments[1].delivery_date"
        assert error.message.startswith("unexpected value 'not a date' (")
    else:
        pytest.fail("a date that is not a date was accepted")


# --- retries and the deadline, in detail -------------------------------------------------------------------


def test_each_retry_is_logged_with_its_reason_wait_and_number(caplog: pytest.LogCaptureFixture) -> None:
    recorded = Recorded(503, {})
    with caplog.at_level("DEBUG", logger="finerworks_client"), client(recorded) as fw, pytest.raises(ServerError):
        fw.orders.fetch_status(order_ids=[1])
    retries = [record.getMessage() for record in caplog.records if record.getMessage().startswith("retrying")]
    url = f"{NOWHERE}/fetch_order_status"
    assert retries == [
        f"retrying POST {url} after HTTP 503 in 0.50s (retry 1 of 2)",
        f"retrying POST {url} after HTTP 503 in 1.00s (retry 2 of 2)",
    ]
    requests = [record.getMessage() for record in caplog.records if record.getMessage().startswith("request")]
    assert WEB not in requests[0] and "[redacted]" in requests[0] and "finerworks-client/" in requests[0]


def test_a_transport_failure_is_logged_by_its_name(caplog: pytest.LogCaptureFixture) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    fw = FinerWorksClient(web_api_key=WEB, app_key=APP, base_url=NOWHERE, max_retries=1,
                          retry_policy=RetryPolicy(sleep=lambda s: None, jitter=lambda: 1.0),
                          httpx_args={"transport": httpx.MockTransport(fail)})  # fmt: skip
    with caplog.at_level("INFO", logger="finerworks_client"), fw, pytest.raises(APIConnectionError):
        fw.orders.fetch_status(order_ids=[1])
    assert any("after ConnectError in 0.50s (retry 1 of 1)" in record.getMessage() for record in caplog.records)


def test_a_short_deadline_still_sends_the_call() -> None:
    read = timeouts_sent(timeout=30.0, deadline=0.5)["read"]
    assert read is not None and read <= 0.5
    recorded = Recorded()
    with client(recorded, deadline=1e-9) as fw, pytest.raises(APITimeoutError, match=r"after 0 attempt\(s\)"):
        fw.orders.fetch_status(order_ids=[1])


def test_a_failure_not_worth_retrying_says_what_it_was_after_one_attempt() -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.UnsupportedProtocol("no such scheme", request=request)

    fw = FinerWorksClient(web_api_key=WEB, app_key=APP, base_url=NOWHERE,
                          httpx_args={"transport": httpx.MockTransport(fail)})  # fmt: skip
    with fw, pytest.raises(APIConnectionError) as error:
        fw.orders.fetch_status(order_ids=[1])
    assert type(error.value) is APIConnectionError
    assert str(error.value).endswith("failed (UnsupportedProtocol: no such scheme) after 1 attempt(s)")


def test_a_failure_that_uses_up_the_deadline_says_so() -> None:
    import time

    def slow_failure(request: httpx.Request) -> httpx.Response:
        time.sleep(0.3)
        raise httpx.ConnectError("refused", request=request)

    fw = FinerWorksClient(web_api_key=WEB, app_key=APP, base_url=NOWHERE, deadline=0.25,
                          retry_policy=RetryPolicy(sleep=lambda s: None),
                          httpx_args={"transport": httpx.MockTransport(slow_failure)})  # fmt: skip
    with fw, pytest.raises(APITimeoutError, match=r"the call's deadline of 0.25 s passed after 1 attempt\(s\)"):
        fw.orders.fetch_status(order_ids=[1])


# --- the errors' own rules ----------------------------------------------------------------------------------

SHIPMENT = {"creation_date": "2026-01-01T00:00:00Z", "shipment_date": None, "eta_date": None, "delivery_date": None,
            "weight": None, "width": None, "height": None, "depth": None, "tracking_number": None,
            "tracking_url": None, "carrier": None, "history": None}  # fmt: skip
ENVELOPE = {"success": True, "status_code": 200, "message": "", "debug": None}


def test_a_body_that_does_not_fit_raises_with_its_response_and_status() -> None:
    body = {"status": ENVELOPE, "orders": [{**STATUS, "order_status_id": "7"}]}
    with client(Recorded(200, body)) as fw, pytest.raises(UnexpectedResponseError) as raised_:
        fw.orders.fetch_status(order_ids=[1])
    error = raised_.value
    assert error.response is not None and error.response.status_code == 200 and error.status_code == 200
    assert str(error) == (
        "HTTP 200: the response does not fit the documented model at orders[0].order_status_id: unexpected value '7'"
    )


def test_a_missing_member_deep_in_a_list_is_named_by_each_index_on_the_way() -> None:
    from finerworks_client.models import FetchOrderStatusResponse

    missing = {name: value for name, value in SHIPMENT.items() if name != "carrier"}
    body = {"status": ENVELOPE, "orders": [STATUS, {**STATUS, "shipments": [SHIPMENT, missing]}]}
    with pytest.raises(UnexpectedResponseError) as error:
        FetchOrderStatusResponse.from_dict(body)
    assert (error.value.path, error.value.message) == ("orders[1].shipments[1].carrier", "the member is missing")


def test_an_object_member_that_is_not_an_object_is_named_and_shown() -> None:
    from finerworks_client.models import FetchOrderStatusResponse

    with pytest.raises(UnexpectedResponseError) as error:
        FetchOrderStatusResponse.from_dict({"status": 5, "orders": []})
    assert (error.value.path, error.value.message) == ("status", "expected a JSON object, got 5")


def test_a_list_where_a_number_belongs_is_named_without_an_index() -> None:
    with pytest.raises(UnexpectedResponseError) as error:
        OrderStatus.from_dict({**STATUS, "order_po": [""]})
    assert (error.value.path, error.value.message) == ("order_po", "unexpected value ['']")


@pytest.mark.parametrize(
    ("cause", "message"),
    [
        (ValueError("not a date"), "unexpected value 1 (not a date)"),  # a parser's words are shown
        (ValueError(), "unexpected value 1"),
        (TypeError("int is not str"), "unexpected value 1"),  # the model's own check: the value says it
    ],
)
def test_a_value_that_does_not_fit_shows_what_its_parser_said(cause: Exception, message: str) -> None:
    error = UnexpectedResponseError.not_fitting({"a": 1}, "a", cause)
    assert (error.path, error.message) == ("a", message)


def test_an_undocumented_status_with_the_plain_client_shows_the_status_and_the_body() -> None:
    from finerworks_client.errors import UnexpectedStatus

    error = UnexpectedStatus(418, b"short and stout \xff")
    assert (error.status_code, error.content) == (418, b"short and stout \xff")
    assert str(error) == "HTTP 418: Unexpected status code: 418\n\nResponse content:\nshort and stout "
