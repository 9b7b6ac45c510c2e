"""The generated OrderStatus model (openapi.yaml's OrderStatus, by generator/templates): what it reads,
what it refuses and where, and what it writes back. The required members are in
tests/client/test_runtime_rules.py; here the optional ones (order_source, processing: absent, null
or a value) and the integers JSON's true and false must not pass for."""

from __future__ import annotations

from typing import Any

import pytest
from finerworks_client import UnexpectedResponseError
from finerworks_client.models import OrderStatus
from finerworks_client.types import UNSET

from tests.client.test_runtime_rules import STATUS  # the same order, one home


@pytest.mark.parametrize(
    "optional",
    [
        {"order_source": "api", "processing": True},
        {"order_source": "Etsy shop", "processing": False},
        {"order_source": None, "processing": None},
        {"order_source": "api"},
        {"processing": False},
    ],
    ids=["values", "other values", "nulls", "order_source only", "processing only"],
)
def test_the_optional_members_are_read_as_sent_and_written_back_as_read(optional: dict[str, Any]) -> None:
    status = OrderStatus.from_dict({**STATUS, **optional})
    assert status.order_source == optional.get("order_source", UNSET)
    assert status.processing is optional.get("processing", UNSET)  # True, False, None or UNSET: no other value
    assert status.to_dict() == {**STATUS, **optional}
    assert status.additional_properties == {}


def test_absent_optional_members_stay_absent() -> None:
    status = OrderStatus.from_dict(STATUS)
    assert status.order_source is UNSET and status.processing is UNSET
    assert status.to_dict() == STATUS


def test_optional_members_set_in_code_are_written() -> None:
    status = OrderStatus.from_dict(STATUS)
    status.order_source, status.processing = "api", True
    assert status.to_dict() == {**STATUS, "order_source": "api", "processing": True}
    status.order_source, status.processing = None, None
    assert status.to_dict() == {**STATUS, "order_source": None, "processing": None}


@pytest.mark.parametrize(
    ("member", "value", "shown"),
    [
        ("order_source", 5, "5"),
        ("order_source", ["api"], "['api']"),
        ("processing", "yes", "'yes'"),
        ("processing", 1, "1"),
        ("processing", 0, "0"),
        ("order_status_id", True, "True"),
        ("order_id", False, "False"),
        ("order_confirmation_id", True, "True"),
    ],
)
def test_a_member_of_the_wrong_json_type_is_refused_at_its_name(member: str, value: Any, shown: str) -> None:
    """A JSON true is no integer (Python's bool is an int, the model must not take it for one), nor is 1 a boolean."""
    with pytest.raises(UnexpectedResponseError) as raised:
        OrderStatus.from_dict({**STATUS, member: value})
    assert raised.value.path == member
    assert raised.value.message == f"unexpected value {shown}"
