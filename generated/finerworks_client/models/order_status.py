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
        "order_source",
        "processing",
    }
)


T = TypeVar("T", bound="OrderStatus")


@_attrs_define
class OrderStatus:
    """The production status of one order, with its shipments."""

    order_confirmation_id: int
    """ The unique order submission reference id FinerWorks gave the order when it was submitted; 0 when none was
    given. Never null. """
    order_po: None | str
    """ The integration's own unique purchase-order number, as submitted with the order (at most 50 characters);
    null when the order was submitted without one. """
    order_id: int
    """ FinerWorks' id of a submitted order, returned when the order was submitted. A positive 32-bit integer. """
    order_status_id: int
    """ FinerWorks' numeric production status. Rely on it rather than on
    `order_status_label`, whose wording can change. The ids FinerWorks documents:

    | id | label |
    |---|---|
    | 1 | Waiting Customer Response |
    | 2 | Pending Payment |
    | 3 | Order Received |
    | 7 | Shipped |

    Other ids exist (`list_order_status_definitions` lists them all) and new ones may be
    added: treat an unknown id as "in progress" and show `order_status_label`. Set by
    FinerWorks; read-only; never null.
     """
    order_status_label: None | str
    """ A description of the status, for display (for example "Shipped"); its wording can change. Null when
    FinerWorks has none for it. """
    shipments: list[Shipment] | None
    """ All parcels shipped with this order so far, with tracking; null or empty before shipping. """
    order_source: None | str | Unset = UNSET
    """ Where the order came from (for example the application or store that submitted it). Not on FinerWorks'
    pages; optional. """
    processing: bool | None | Unset = UNSET
    """ Whether the order is being processed. Not on FinerWorks' pages; optional, its exact meaning undocumented.
    """
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

        order_source: None | str | Unset
        if isinstance(self.order_source, Unset):
            order_source = UNSET
        else:
            order_source = self.order_source

        processing: bool | None | Unset
        if isinstance(self.processing, Unset):
            processing = UNSET
        else:
            processing = self.processing

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
        if order_source is not UNSET:
            field_dict["order_source"] = order_source
        if processing is not UNSET:
            field_dict["processing"] = processing

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "order_confirmation_id"
            order_confirmation_id = src_dict["order_confirmation_id"]
            if not isinstance(order_confirmation_id, int) or isinstance(order_confirmation_id, bool):
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
            if not isinstance(order_id, int) or isinstance(order_id, bool):
                raise TypeError()

            _member = "order_status_id"
            order_status_id = src_dict["order_status_id"]
            if not isinstance(order_status_id, int) or isinstance(order_status_id, bool):
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

            _member = "order_source"
            _order_source_data = src_dict.get("order_source", UNSET)
            order_source: None | str | Unset
            if _order_source_data is None:
                order_source = None
            elif isinstance(_order_source_data, Unset):
                order_source = UNSET
            else:
                if not isinstance(_order_source_data, str):
                    raise TypeError()

                order_source = _order_source_data

            _member = "processing"
            _processing_data = src_dict.get("processing", UNSET)
            processing: bool | None | Unset
            if _processing_data is None:
                processing = None
            elif isinstance(_processing_data, Unset):
                processing = UNSET
            else:
                if not isinstance(_processing_data, bool):
                    raise TypeError()

                processing = _processing_data

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
        order_status.order_source = order_source
        order_status.processing = processing
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
