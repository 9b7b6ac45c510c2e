from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

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
        "service",
    }
)


T = TypeVar("T", bound="Shipment")


@_attrs_define
class Shipment:
    """A parcel shipped for an order, with its dates, size and tracking. FinerWorks writes every
    member, and any of them may be null: dates not reached yet (a parcel in transit has no
    `delivery_date`), sizes not measured, tracking not assigned or not reported.

    """

    creation_date: datetime.datetime | None
    """ When the shipment record was created; null when not recorded. """
    shipment_date: datetime.datetime | None
    """ When the parcel was handed to the carrier; null until then. FinerWorks sends up to 7 fractional second
    digits and a UTC offset. """
    eta_date: datetime.datetime | None
    """ Estimated delivery time given by the carrier; null when the carrier gives none. """
    delivery_date: datetime.datetime | None
    """ When the carrier reported the parcel delivered; null while it is in transit. """
    weight: float | None
    """ Weight of the parcel; null when not measured. The unit is not documented (pounds, by FinerWorks' U.S.
    carriers' convention). """
    width: float | None
    """ Width of the parcel; null when not measured. The unit is not documented (inches, by the same convention).
    """
    height: float | None
    """ Height of the parcel; null when not measured. The unit is not documented (inches). """
    depth: float | None
    """ Depth of the parcel; null when not measured. The unit is not documented (inches). """
    tracking_number: None | str
    """ The carrier's tracking number; null until the carrier assigns one. """
    tracking_url: None | str
    """ The address of a web page where the parcel can be tracked; null (or empty) when there is none. """
    carrier: None | str
    """ Name of the carrier; null when not recorded. """
    history: list[ShipmentHistoryType0Item] | None
    """ Tracking events reported by the carrier; null when none were recorded. FinerWorks does not document the
    shape of an event, so each is an open object. """
    service: None | str | Unset = UNSET
    """ The carrier's service level (for example a ground or express service). Not on FinerWorks' pages; optional.
    """
    # Made on first use (the additional_properties property): most models have no other members,
    # and an empty dict per model is a quarter of what parsing a large response allocates.
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda extras: extras or None, repr=lambda extras: repr(extras or {})
    )

    def to_dict(self) -> dict[str, Any]:
        creation_date: None | str
        if isinstance(self.creation_date, datetime.datetime):
            creation_date = self.creation_date.isoformat()
        else:
            creation_date = self.creation_date

        shipment_date: None | str
        if isinstance(self.shipment_date, datetime.datetime):
            shipment_date = self.shipment_date.isoformat()
        else:
            shipment_date = self.shipment_date

        eta_date: None | str
        if isinstance(self.eta_date, datetime.datetime):
            eta_date = self.eta_date.isoformat()
        else:
            eta_date = self.eta_date

        delivery_date: None | str
        if isinstance(self.delivery_date, datetime.datetime):
            delivery_date = self.delivery_date.isoformat()
        else:
            delivery_date = self.delivery_date

        weight: float | None
        weight = self.weight

        width: float | None
        width = self.width

        height: float | None
        height = self.height

        depth: float | None
        depth = self.depth

        tracking_number: None | str
        tracking_number = self.tracking_number

        tracking_url: None | str
        tracking_url = self.tracking_url

        carrier: None | str
        carrier = self.carrier

        history: list[dict[str, Any]] | None
        if isinstance(self.history, list):
            history = []
            for history_type_0_item_data in self.history:
                history_type_0_item = history_type_0_item_data.to_dict()
                history.append(history_type_0_item)

        else:
            history = self.history

        service: None | str | Unset
        if isinstance(self.service, Unset):
            service = UNSET
        else:
            service = self.service

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "creation_date": creation_date,
                "shipment_date": shipment_date,
                "eta_date": eta_date,
                "delivery_date": delivery_date,
                "weight": weight,
                "width": width,
                "height": height,
                "depth": depth,
                "tracking_number": tracking_number,
                "tracking_url": tracking_url,
                "carrier": carrier,
                "history": history,
            }
        )
        if service is not UNSET:
            field_dict["service"] = service

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "creation_date"
            _creation_date_data = src_dict["creation_date"]
            creation_date: datetime.datetime | None
            if _creation_date_data is None:
                creation_date = None
            else:
                if not isinstance(_creation_date_data, str):
                    raise TypeError()
                creation_date_type_0 = datetime.datetime.fromisoformat(_creation_date_data)

                creation_date = creation_date_type_0

            _member = "shipment_date"
            _shipment_date_data = src_dict["shipment_date"]
            shipment_date: datetime.datetime | None
            if _shipment_date_data is None:
                shipment_date = None
            else:
                if not isinstance(_shipment_date_data, str):
                    raise TypeError()
                shipment_date_type_0 = datetime.datetime.fromisoformat(_shipment_date_data)

                shipment_date = shipment_date_type_0

            _member = "eta_date"
            _eta_date_data = src_dict["eta_date"]
            eta_date: datetime.datetime | None
            if _eta_date_data is None:
                eta_date = None
            else:
                if not isinstance(_eta_date_data, str):
                    raise TypeError()
                eta_date_type_0 = datetime.datetime.fromisoformat(_eta_date_data)

                eta_date = eta_date_type_0

            _member = "delivery_date"
            _delivery_date_data = src_dict["delivery_date"]
            delivery_date: datetime.datetime | None
            if _delivery_date_data is None:
                delivery_date = None
            else:
                if not isinstance(_delivery_date_data, str):
                    raise TypeError()
                delivery_date_type_0 = datetime.datetime.fromisoformat(_delivery_date_data)

                delivery_date = delivery_date_type_0

            _member = "weight"
            _weight_data = src_dict["weight"]
            weight: float | None
            if _weight_data is None:
                weight = None
            else:
                if not isinstance(_weight_data, (int, float)) or isinstance(_weight_data, bool):
                    raise TypeError()

                weight = _weight_data

            _member = "width"
            _width_data = src_dict["width"]
            width: float | None
            if _width_data is None:
                width = None
            else:
                if not isinstance(_width_data, (int, float)) or isinstance(_width_data, bool):
                    raise TypeError()

                width = _width_data

            _member = "height"
            _height_data = src_dict["height"]
            height: float | None
            if _height_data is None:
                height = None
            else:
                if not isinstance(_height_data, (int, float)) or isinstance(_height_data, bool):
                    raise TypeError()

                height = _height_data

            _member = "depth"
            _depth_data = src_dict["depth"]
            depth: float | None
            if _depth_data is None:
                depth = None
            else:
                if not isinstance(_depth_data, (int, float)) or isinstance(_depth_data, bool):
                    raise TypeError()

                depth = _depth_data

            _member = "tracking_number"
            _tracking_number_data = src_dict["tracking_number"]
            tracking_number: None | str
            if _tracking_number_data is None:
                tracking_number = None
            else:
                if not isinstance(_tracking_number_data, str):
                    raise TypeError()

                tracking_number = _tracking_number_data

            _member = "tracking_url"
            _tracking_url_data = src_dict["tracking_url"]
            tracking_url: None | str
            if _tracking_url_data is None:
                tracking_url = None
            else:
                if not isinstance(_tracking_url_data, str):
                    raise TypeError()

                tracking_url = _tracking_url_data

            _member = "carrier"
            _carrier_data = src_dict["carrier"]
            carrier: None | str
            if _carrier_data is None:
                carrier = None
            else:
                if not isinstance(_carrier_data, str):
                    raise TypeError()

                carrier = _carrier_data

            _member = "history"
            _history_data = src_dict["history"]
            history: list[ShipmentHistoryType0Item] | None
            if _history_data is None:
                history = None
            else:
                if not isinstance(_history_data, list):
                    raise TypeError()
                history_type_0 = []
                _history_type_0 = _history_data
                for history_type_0_item_data in _history_type_0:
                    history_type_0_item = ShipmentHistoryType0Item.from_dict(history_type_0_item_data)

                    history_type_0.append(history_type_0_item)

                history = history_type_0

            _member = "service"
            _service_data = src_dict.get("service", UNSET)
            service: None | str | Unset
            if _service_data is None:
                service = None
            elif isinstance(_service_data, Unset):
                service = UNSET
            else:
                if not isinstance(_service_data, str):
                    raise TypeError()

                service = _service_data

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
        shipment.service = service
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
