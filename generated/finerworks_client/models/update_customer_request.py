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
        "order_id",
        "customer_info",
    }
)


T = TypeVar("T", bound="UpdateCustomerRequest")


@_attrs_define
class UpdateCustomerRequest:
    """Body of `updateCustomer`."""

    order_id: int
    """ FinerWorks' id of a submitted order, returned when the order was submitted. A positive 32-bit integer. """
    customer_info: Address | None | Unset = UNSET
    """ The new shipping address. Left out or null, the order's address is replaced by an empty one. """
    # Made on first use (the additional_properties property): most models have no other members,
    # and an empty dict per model is a quarter of what parsing a large response allocates.
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda extras: extras or None, repr=lambda extras: repr(extras or {})
    )

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        customer_info: dict[str, Any] | None | Unset
        if isinstance(self.customer_info, Unset):
            customer_info = UNSET
        elif isinstance(self.customer_info, Address):
            customer_info = self.customer_info.to_dict()
        else:
            customer_info = self.customer_info

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
            }
        )
        if customer_info is not UNSET:
            field_dict["customer_info"] = customer_info

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "order_id"
            order_id = src_dict["order_id"]
            if not isinstance(order_id, int) or isinstance(order_id, bool):
                raise TypeError()

            _member = "customer_info"
            _customer_info_data = src_dict.get("customer_info", UNSET)
            customer_info: Address | None | Unset
            if _customer_info_data is None:
                customer_info = None
            elif isinstance(_customer_info_data, Unset):
                customer_info = UNSET
            else:
                if not isinstance(_customer_info_data, dict):
                    raise TypeError()
                customer_info_type_0 = Address.from_dict(_customer_info_data)

                customer_info = customer_info_type_0

        except UnexpectedResponseError as error:
            raise error.inside(src_dict, _member)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise UnexpectedResponseError.not_fitting(src_dict, _member, error) from error
        update_customer_request = cls.__new__(cls)
        update_customer_request.order_id = order_id
        update_customer_request.customer_info = customer_info
        update_customer_request._additional_properties = None

        if not _PROPERTY_NAMES.issuperset(src_dict):
            update_customer_request.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES
            }
        return update_customer_request

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
from ..models.address import Address  # noqa: E402
