from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import UnexpectedResponseError

# The documented members; any others go to additional_properties.
_PROPERTY_NAMES = frozenset(
    {
        "status",
        "orders",
    }
)


T = TypeVar("T", bound="FetchOrderStatusResponse")


@_attrs_define
class FetchOrderStatusResponse:
    """Body of a successful `fetchOrderStatus`."""

    status: ResponseStatus
    """ Status envelope of every FinerWorks response: on its own as the body of `updateOrder` and
    `updateCustomer` and of their refusals, and as the `status` member of the other responses.
     """
    orders: list[OrderStatus] | None
    """ The orders that were found; orders that were not found are left out, so the list may
    be empty. Null has been seen on a 200 in test mode: read null as "no orders" (the
    Python client gives `None`).
     """
    # Made on first use (the additional_properties property): most models have no other members,
    # and an empty dict per model is a quarter of what parsing a large response allocates.
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda extras: extras or None, repr=lambda extras: repr(extras or {})
    )

    def to_dict(self) -> dict[str, Any]:
        status = self.status.to_dict()

        orders: list[dict[str, Any]] | None
        if isinstance(self.orders, list):
            orders = []
            for orders_type_0_item_data in self.orders:
                orders_type_0_item = orders_type_0_item_data.to_dict()
                orders.append(orders_type_0_item)

        else:
            orders = self.orders

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "status": status,
                "orders": orders,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "status"
            status = ResponseStatus.from_dict(src_dict["status"])

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

        except UnexpectedResponseError as error:
            raise error.inside(src_dict, _member)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise UnexpectedResponseError.not_fitting(src_dict, _member, error) from error
        fetch_order_status_response = cls.__new__(cls)
        fetch_order_status_response.status = status
        fetch_order_status_response.orders = orders
        fetch_order_status_response._additional_properties = None

        if not _PROPERTY_NAMES.issuperset(src_dict):
            fetch_order_status_response.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES
            }
        return fetch_order_status_response

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
