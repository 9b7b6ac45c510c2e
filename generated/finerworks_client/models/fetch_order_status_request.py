from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import UnexpectedResponseError
from ..types import UNSET, Unset

# The documented members; any others go to additional_properties.
_PROPERTY_NAMES = frozenset(
    {
        "order_ids",
        "order_pos",
        "account_key",
    }
)


T = TypeVar("T", bound="FetchOrderStatusRequest")


@_attrs_define
class FetchOrderStatusRequest:
    """Body of `fetchOrderStatus`. `order_ids` and `order_pos` are each optional and nullable, but
    at least one of them must be present and not null (an empty list is allowed). When both
    are given, orders matching either list are returned.

    """

    order_ids: list[int] | None | Unset = UNSET
    """ FinerWorks ids of the orders to look up. May be left out or null when `order_pos` is given. """
    order_pos: list[str] | None | Unset = UNSET
    """ The integration's own purchase-order numbers (`order_po`) of the orders to look up. May be left out or null
    when `order_ids` is given. """
    account_key: None | str | Unset = UNSET
    """ Reads the orders of another account. Honoured only for accounts that FinerWorks has
    permitted to use it; for every other account it is ignored and the orders of the
    request's credentials are read. Leave null or out when not permitted.
     """
    # Made on first use (the additional_properties property): most models have no other members,
    # and an empty dict per model is a quarter of what parsing a large response allocates.
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda extras: extras or None, repr=lambda extras: repr(extras or {})
    )

    def to_dict(self) -> dict[str, Any]:
        order_ids: list[int] | None | Unset
        if isinstance(self.order_ids, Unset):
            order_ids = UNSET
        elif isinstance(self.order_ids, list):
            order_ids = self.order_ids

        else:
            order_ids = self.order_ids

        order_pos: list[str] | None | Unset
        if isinstance(self.order_pos, Unset):
            order_pos = UNSET
        elif isinstance(self.order_pos, list):
            order_pos = self.order_pos

        else:
            order_pos = self.order_pos

        account_key: None | str | Unset
        if isinstance(self.account_key, Unset):
            account_key = UNSET
        else:
            account_key = self.account_key

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if order_ids is not UNSET:
            field_dict["order_ids"] = order_ids
        if order_pos is not UNSET:
            field_dict["order_pos"] = order_pos
        if account_key is not UNSET:
            field_dict["account_key"] = account_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "order_ids"
            _order_ids_data = src_dict.get("order_ids", UNSET)
            order_ids: list[int] | None | Unset
            if _order_ids_data is None:
                order_ids = None
            elif isinstance(_order_ids_data, Unset):
                order_ids = UNSET
            else:
                if not isinstance(_order_ids_data, list):
                    raise TypeError()
                order_ids_type_0 = cast(list[int], _order_ids_data)

                order_ids = order_ids_type_0

            _member = "order_pos"
            _order_pos_data = src_dict.get("order_pos", UNSET)
            order_pos: list[str] | None | Unset
            if _order_pos_data is None:
                order_pos = None
            elif isinstance(_order_pos_data, Unset):
                order_pos = UNSET
            else:
                if not isinstance(_order_pos_data, list):
                    raise TypeError()
                order_pos_type_0 = cast(list[str], _order_pos_data)

                order_pos = order_pos_type_0

            _member = "account_key"
            _account_key_data = src_dict.get("account_key", UNSET)
            account_key: None | str | Unset
            if _account_key_data is None:
                account_key = None
            elif isinstance(_account_key_data, Unset):
                account_key = UNSET
            else:
                if not isinstance(_account_key_data, str):
                    raise TypeError()

                account_key = _account_key_data

        except UnexpectedResponseError as error:
            raise error.inside(src_dict, _member)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise UnexpectedResponseError.not_fitting(src_dict, _member, error) from error
        fetch_order_status_request = cls.__new__(cls)
        fetch_order_status_request.order_ids = order_ids
        fetch_order_status_request.order_pos = order_pos
        fetch_order_status_request.account_key = account_key
        fetch_order_status_request._additional_properties = None

        if not _PROPERTY_NAMES.issuperset(src_dict):
            fetch_order_status_request.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES
            }
        return fetch_order_status_request

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
