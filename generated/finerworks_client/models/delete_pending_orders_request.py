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
        "ids",
        "account_key",
    }
)


T = TypeVar("T", bound="DeletePendingOrdersRequest")


@_attrs_define
class DeletePendingOrdersRequest:
    """Body of `deletePendingOrders`."""

    ids: list[int]
    """ Ids of the orders to remove from pending storage. """
    account_key: None | str | Unset = UNSET
    """ Acts on the pending orders of another account. Honoured only for accounts that
    FinerWorks has permitted to use it; for every other account it is ignored and the
    account of the request's credentials is used. Leave null when not permitted.
     """
    # Made on first use (the additional_properties property): most models have no other members,
    # and an empty dict per model is a quarter of what parsing a large response allocates.
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda extras: extras or None, repr=lambda extras: repr(extras or {})
    )

    def to_dict(self) -> dict[str, Any]:
        ids = self.ids

        account_key: None | str | Unset
        if isinstance(self.account_key, Unset):
            account_key = UNSET
        else:
            account_key = self.account_key

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "ids": ids,
            }
        )
        if account_key is not UNSET:
            field_dict["account_key"] = account_key

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "ids"
            ids = cast(list[int], src_dict["ids"])

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
        delete_pending_orders_request = cls.__new__(cls)
        delete_pending_orders_request.ids = ids
        delete_pending_orders_request.account_key = account_key
        delete_pending_orders_request._additional_properties = None

        if not _PROPERTY_NAMES.issuperset(src_dict):
            delete_pending_orders_request.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES
            }
        return delete_pending_orders_request

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
