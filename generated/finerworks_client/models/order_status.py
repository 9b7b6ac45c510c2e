from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import UnexpectedResponseError

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

    order_confirmation_id: int
    """ The confirmation number FinerWorks gave the order when it was placed; 0 when none was given. Never null. """
    order_po: None | str
    """ The integration's own purchase-order number for the order; null when the order was submitted without one.
    """
    order_id: int
    """ FinerWorks' id of a submitted order, returned when the order was submitted. A positive 32-bit integer. """
    order_status_id: int
    """ FinerWorks' numeric production status (for example 7 for Shipped). Set by FinerWorks; read-only; never null.
    FinerWorks may add statuses, so treat an unknown id as "in progress" and show `order_status_label`. """
    order_status_label: None | str
    """ Human-readable name of `order_status_id`, for display (for example "Shipped"); null when FinerWorks has none
    for it. """
    shipments: list[Shipment] | None
    """ The parcels shipped for the order so far; null or empty before shipping. """
    # Made on first use (the additional_properties property): most models have no other members,
    # and an empty dict per model is a quarter of what parsing a large response allocates.
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda extras: extras or None, repr=lambda extras: repr(extras or {})
    )

    def to_dict(self) -> dict[str, Any]:
        order_confirmation_id = self.order_confirmation_id

        order_po: None | str
        order_po = self.order_po

        order_id = self.order_id

        order_status_id = self.order_status_id

        order_status_label: None | str
        order_status_label = self.order_status_label

        shipments: list[dict[str, Any]] | None
        if isinstance(self.shipments, list):
            shipments = []
            for shipments_type_0_item_data in self.shipments:
                shipments_type_0_item = shipments_type_0_item_data.to_dict()
                shipments.append(shipments_type_0_item)

        else:
            shipments = self.shipments

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "order_confirmation_id": order_confirmation_id,
                "order_po": order_po,
                "order_id": order_id,
                "order_status_id": order_status_id,
                "order_status_label": order_status_label,
                "shipments": shipments,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "order_confirmation_id"
            order_confirmation_id = src_dict["order_confirmation_id"]
            if not isinstance(order_confirmation_id, int):
                raise TypeError()

            _member = "order_po"
            _order_po_data = src_dict["order_po"]
            order_po: None | str
            if _order_po_data is None:
                order_po = None
            else:
                if not isinstance(_order_po_data, str):
                    raise TypeError()

                order_po = _order_po_data

            _member = "order_id"
            order_id = src_dict["order_id"]
            if not isinstance(order_id, int):
                raise TypeError()

            _member = "order_status_id"
            order_status_id = src_dict["order_status_id"]
            if not isinstance(order_status_id, int):
                raise TypeError()

            _member = "order_status_label"
            _order_status_label_data = src_dict["order_status_label"]
            order_status_label: None | str
            if _order_status_label_data is None:
                order_status_label = None
            else:
                if not isinstance(_order_status_label_data, str):
                    raise TypeError()

                order_status_label = _order_status_label_data

            _member = "shipments"
            _shipments_data = src_dict["shipments"]
            shipments: list[Shipment] | None
            if _shipments_data is None:
                shipments = None
            else:
                if not isinstance(_shipments_data, list):
                    raise TypeError()
                shipments_type_0 = []
                _shipments_type_0 = _shipments_data
                for shipments_type_0_item_data in _shipments_type_0:
                    shipments_type_0_item = Shipment.from_dict(shipments_type_0_item_data)

                    shipments_type_0.append(shipments_type_0_item)

                shipments = shipments_type_0

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
