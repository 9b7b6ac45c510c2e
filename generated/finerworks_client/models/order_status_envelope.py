from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import UnexpectedResponseError
from ..types import UNSET, Unset

# The documented members; any others go to additional_properties.
_PROPERTY_NAMES = frozenset(
    {
        "orders",
        "status",
    }
)


T = TypeVar("T", bound="OrderStatusEnvelope")


@_attrs_define
class OrderStatusEnvelope:
    """The `fetchOrderStatus` body as a webhook may carry it, `orders` with or without the `status` envelope."""

    orders: list[OrderStatus] | None
    """ The orders the call is about, each with its current production status; null (read as none) as
    `fetchOrderStatus` may send it. """
    status: ResponseStatus | Unset = UNSET
    """ Status envelope of every FinerWorks response: on its own as the body of `updateOrder` and
    `updateCustomer` and of their refusals, and as the `status` member of the other responses.
     """
    # Made on first use (the additional_properties property): most models have no other members,
    # and an empty dict per model is a quarter of what parsing a large response allocates.
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda extras: extras or None, repr=lambda extras: repr(extras or {})
    )

    def to_dict(self) -> dict[str, Any]:
        orders: list[dict[str, Any]] | None
        if isinstance(self.orders, list):
            orders = []
            for orders_type_0_item_data in self.orders:
                orders_type_0_item = orders_type_0_item_data.to_dict()
                orders.append(orders_type_0_item)

        else:
            orders = self.orders

        status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.to_dict()

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "orders": orders,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "orders"
            _orders_data = src_dict["orders"]
            orders: list[OrderStatus] | None
            if _orders_data is None:
                orders = None
            else:
                if not isinstance(_orders_data, list):
                    raise TypeError()
                orders_type_0 = []
                _orders_type_0 = _orders_data
                for orders_type_0_item_data in _orders_type_0:
                    orders_type_0_item = OrderStatus.from_dict(orders_type_0_item_data)

                    orders_type_0.append(orders_type_0_item)

                orders = orders_type_0

            _member = "status"
            _status = src_dict.get("status", UNSET)
            status: ResponseStatus | Unset
            if isinstance(_status, Unset):
                status = UNSET
            else:
                status = ResponseStatus.from_dict(_status)

        except UnexpectedResponseError as error:
            raise error.inside(src_dict, _member)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise UnexpectedResponseError.not_fitting(src_dict, _member, error) from error
        order_status_envelope = cls.__new__(cls)
        order_status_envelope.orders = orders
        order_status_envelope.status = status
        order_status_envelope._additional_properties = None

        if not _PROPERTY_NAMES.issuperset(src_dict):
            order_status_envelope.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES
            }
        return order_status_envelope

    @property
    def additional_properties(self) -> dict[str, Any]:
        """The members of the JSON object that the schema does not list; to_dict() sends them back."""
        if self._additional_properties is None:
            self._additional_properties = {}
        return self._additional_properties

    @additional_properties.setter
    def additional_properties(self, value: dict[str, Any]) -> None:
        self._additional_properties = value

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return self._additional_properties is not None and key in self._additional_properties


# The models refer to one another: imported once, here, after this module's class exists.
from ..models.order_status import OrderStatus  # noqa: E402
from ..models.response_status import ResponseStatus  # noqa: E402
