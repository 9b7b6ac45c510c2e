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
        "order_confirmation_id",
        "order_po",
        "order_id",
        "order_status_id",
        "order_status_label",
        "shipments",
    }
)


T = TypeVar("T", bound="OrderStatus")


@_attrs_define
class OrderStatus:
    """The production status of one order, with its shipments."""

    order_confirmation_id: int | Unset = UNSET
    """ The confirmation number FinerWorks gave the order when it was placed. """
    order_po: str | Unset = UNSET
    """ The integration's own purchase-order number for the order. """
    order_id: int | Unset = UNSET
    """ FinerWorks' id of a submitted order, returned when the order was submitted. A positive 32-bit integer. """
    order_status_id: int | Unset = UNSET
    """ FinerWorks' numeric production status (for example 7 for Shipped). Set by FinerWorks; read-only. """
    order_status_label: str | Unset = UNSET
    """ Human-readable name of `order_status_id`, for display (for example "Shipped"). """
    shipments: list[Shipment] | Unset = UNSET
    """ The parcels shipped for the order so far; empty before shipping. """
    # Made on first use (the additional_properties property): most models have no other members,
    # and an empty dict per model is a quarter of what parsing a large response allocates.
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda extras: extras or None, repr=lambda extras: repr(extras or {})
    )

    def to_dict(self) -> dict[str, Any]:
        order_confirmation_id = self.order_confirmation_id

        order_po = self.order_po

        order_id = self.order_id

        order_status_id = self.order_status_id

        order_status_label = self.order_status_label

        shipments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.shipments, Unset):
            shipments = []
            for shipments_item_data in self.shipments:
                shipments_item = shipments_item_data.to_dict()
                shipments.append(shipments_item)

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if order_confirmation_id is not UNSET:
            field_dict["order_confirmation_id"] = order_confirmation_id
        if order_po is not UNSET:
            field_dict["order_po"] = order_po
        if order_id is not UNSET:
            field_dict["order_id"] = order_id
        if order_status_id is not UNSET:
            field_dict["order_status_id"] = order_status_id
        if order_status_label is not UNSET:
            field_dict["order_status_label"] = order_status_label
        if shipments is not UNSET:
            field_dict["shipments"] = shipments

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "order_confirmation_id"
            order_confirmation_id = src_dict.get("order_confirmation_id", UNSET)

            _member = "order_po"
            order_po = src_dict.get("order_po", UNSET)

            _member = "order_id"
            order_id = src_dict.get("order_id", UNSET)

            _member = "order_status_id"
            order_status_id = src_dict.get("order_status_id", UNSET)

            _member = "order_status_label"
            order_status_label = src_dict.get("order_status_label", UNSET)

            _member = "shipments"
            _shipments = src_dict.get("shipments", UNSET)
            shipments: list[Shipment] | Unset = UNSET
            if _shipments is not UNSET:
                shipments = []
                for shipments_item_data in _shipments:
                    shipments_item = Shipment.from_dict(shipments_item_data)

                    shipments.append(shipments_item)

        except UnexpectedResponseError as error:
            raise error.inside(src_dict, _member)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise UnexpectedResponseError.not_fitting(src_dict, _member, error) from error
        order_status = cls.__new__(cls)
        order_status.order_confirmation_id = order_confirmation_id
        order_status.order_po = order_po
        order_status.order_id = order_id
        order_status.order_status_id = order_status_id
        order_status.order_status_label = order_status_label
        order_status.shipments = shipments
        order_status._additional_properties = None

        if not _PROPERTY_NAMES.issuperset(src_dict):
            order_status.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES
            }
        return order_status

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
from ..models.shipment import Shipment  # noqa: E402
