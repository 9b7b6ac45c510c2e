from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import UnexpectedResponseError
from ..types import UNSET, Unset

# The documented members; any others go to additional_properties.
_PROPERTY_NAMES = frozenset(
    {
        "creation_date",
        "shipment_date",
        "eta_date",
        "delivery_date",
        "weight",
        "width",
        "height",
        "depth",
        "tracking_number",
        "tracking_url",
        "carrier",
        "history",
    }
)


T = TypeVar("T", bound="Shipment")


@_attrs_define
class Shipment:
    """A parcel shipped for an order, with its dates, size and tracking."""

    creation_date: datetime.datetime | None | Unset = UNSET
    """ When the shipment record was created; null when not recorded. """
    shipment_date: datetime.datetime | Unset = UNSET
    """ When the parcel was handed to the carrier. FinerWorks sends up to 7 fractional second digits and a UTC
    offset. """
    eta_date: datetime.datetime | None | Unset = UNSET
    """ Estimated delivery time given by the carrier; null when the carrier gives none. """
    delivery_date: datetime.datetime | Unset = UNSET
    """ When the carrier reported the parcel delivered. """
    weight: float | Unset = UNSET
    """ Weight of the parcel, in pounds. """
    width: float | Unset = UNSET
    """ Width of the parcel, in inches. """
    height: float | Unset = UNSET
    """ Height of the parcel, in inches. """
    depth: float | Unset = UNSET
    """ Depth of the parcel, in inches. """
    tracking_number: str | Unset = UNSET
    """ The carrier's tracking number. """
    tracking_url: str | Unset = UNSET
    """ A web page where the parcel can be tracked. """
    carrier: None | str | Unset = UNSET
    """ Name of the carrier; null when not recorded. """
    history: list[ShipmentHistoryType0Item] | None | Unset = UNSET
    """ Tracking events reported by the carrier; null when none were recorded. The shape of an event is not
    documented by FinerWorks, so each is an open object. """
    # Made on first use (the additional_properties property): most models have no other members,
    # and an empty dict per model is a quarter of what parsing a large response allocates.
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda extras: extras or None, repr=lambda extras: repr(extras or {})
    )

    def to_dict(self) -> dict[str, Any]:
        creation_date: None | str | Unset
        if isinstance(self.creation_date, Unset):
            creation_date = UNSET
        elif isinstance(self.creation_date, datetime.datetime):
            creation_date = self.creation_date.isoformat()
        else:
            creation_date = self.creation_date

        shipment_date: str | Unset = UNSET
        if not isinstance(self.shipment_date, Unset):
            shipment_date = self.shipment_date.isoformat()

        eta_date: None | str | Unset
        if isinstance(self.eta_date, Unset):
            eta_date = UNSET
        elif isinstance(self.eta_date, datetime.datetime):
            eta_date = self.eta_date.isoformat()
        else:
            eta_date = self.eta_date

        delivery_date: str | Unset = UNSET
        if not isinstance(self.delivery_date, Unset):
            delivery_date = self.delivery_date.isoformat()

        weight = self.weight

        width = self.width

        height = self.height

        depth = self.depth

        tracking_number = self.tracking_number

        tracking_url = self.tracking_url

        carrier: None | str | Unset
        if isinstance(self.carrier, Unset):
            carrier = UNSET
        else:
            carrier = self.carrier

        history: list[dict[str, Any]] | None | Unset
        if isinstance(self.history, Unset):
            history = UNSET
        elif isinstance(self.history, list):
            history = []
            for history_type_0_item_data in self.history:
                history_type_0_item = history_type_0_item_data.to_dict()
                history.append(history_type_0_item)

        else:
            history = self.history

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if creation_date is not UNSET:
            field_dict["creation_date"] = creation_date
        if shipment_date is not UNSET:
            field_dict["shipment_date"] = shipment_date
        if eta_date is not UNSET:
            field_dict["eta_date"] = eta_date
        if delivery_date is not UNSET:
            field_dict["delivery_date"] = delivery_date
        if weight is not UNSET:
            field_dict["weight"] = weight
        if width is not UNSET:
            field_dict["width"] = width
        if height is not UNSET:
            field_dict["height"] = height
        if depth is not UNSET:
            field_dict["depth"] = depth
        if tracking_number is not UNSET:
            field_dict["tracking_number"] = tracking_number
        if tracking_url is not UNSET:
            field_dict["tracking_url"] = tracking_url
        if carrier is not UNSET:
            field_dict["carrier"] = carrier
        if history is not UNSET:
            field_dict["history"] = history

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "creation_date"
            _creation_date_data = src_dict.get("creation_date", UNSET)
            creation_date: datetime.datetime | None | Unset
            if _creation_date_data is None:
                creation_date = None
            elif isinstance(_creation_date_data, Unset):
                creation_date = UNSET
            else:
                try:
                    if not isinstance(_creation_date_data, str):
                        raise TypeError()
                    creation_date_type_0 = datetime.datetime.fromisoformat(_creation_date_data)

                    creation_date = creation_date_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    creation_date = cast("datetime.datetime | None | Unset", _creation_date_data)

            _member = "shipment_date"
            _shipment_date = src_dict.get("shipment_date", UNSET)
            shipment_date: datetime.datetime | Unset
            if isinstance(_shipment_date, Unset):
                shipment_date = UNSET
            else:
                shipment_date = datetime.datetime.fromisoformat(_shipment_date)

            _member = "eta_date"
            _eta_date_data = src_dict.get("eta_date", UNSET)
            eta_date: datetime.datetime | None | Unset
            if _eta_date_data is None:
                eta_date = None
            elif isinstance(_eta_date_data, Unset):
                eta_date = UNSET
            else:
                try:
                    if not isinstance(_eta_date_data, str):
                        raise TypeError()
                    eta_date_type_0 = datetime.datetime.fromisoformat(_eta_date_data)

                    eta_date = eta_date_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    eta_date = cast("datetime.datetime | None | Unset", _eta_date_data)

            _member = "delivery_date"
            _delivery_date = src_dict.get("delivery_date", UNSET)
            delivery_date: datetime.datetime | Unset
            if isinstance(_delivery_date, Unset):
                delivery_date = UNSET
            else:
                delivery_date = datetime.datetime.fromisoformat(_delivery_date)

            _member = "weight"
            weight = src_dict.get("weight", UNSET)

            _member = "width"
            width = src_dict.get("width", UNSET)

            _member = "height"
            height = src_dict.get("height", UNSET)

            _member = "depth"
            depth = src_dict.get("depth", UNSET)

            _member = "tracking_number"
            tracking_number = src_dict.get("tracking_number", UNSET)

            _member = "tracking_url"
            tracking_url = src_dict.get("tracking_url", UNSET)

            _member = "carrier"
            _carrier_data = src_dict.get("carrier", UNSET)
            carrier: None | str | Unset
            if _carrier_data is None:
                carrier = None
            elif isinstance(_carrier_data, Unset):
                carrier = UNSET
            else:
                carrier = cast("None | str | Unset", _carrier_data)

            _member = "history"
            _history_data = src_dict.get("history", UNSET)
            history: list[ShipmentHistoryType0Item] | None | Unset
            if _history_data is None:
                history = None
            elif isinstance(_history_data, Unset):
                history = UNSET
            else:
                try:
                    if not isinstance(_history_data, list):
                        raise TypeError()
                    history_type_0 = []
                    _history_type_0 = _history_data
                    for history_type_0_item_data in _history_type_0:
                        history_type_0_item = ShipmentHistoryType0Item.from_dict(history_type_0_item_data)

                        history_type_0.append(history_type_0_item)

                    history = history_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    history = cast("list[ShipmentHistoryType0Item] | None | Unset", _history_data)

        except UnexpectedResponseError as error:
            raise error.inside(src_dict, _member)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise UnexpectedResponseError.not_fitting(src_dict, _member, error) from error
        shipment = cls.__new__(cls)
        shipment.creation_date = creation_date
        shipment.shipment_date = shipment_date
        shipment.eta_date = eta_date
        shipment.delivery_date = delivery_date
        shipment.weight = weight
        shipment.width = width
        shipment.height = height
        shipment.depth = depth
        shipment.tracking_number = tracking_number
        shipment.tracking_url = tracking_url
        shipment.carrier = carrier
        shipment.history = history
        shipment._additional_properties = None

        if not _PROPERTY_NAMES.issuperset(src_dict):
            shipment.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES
            }
        return shipment

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
from ..models.shipment_history_type_0_item import ShipmentHistoryType0Item  # noqa: E402
