from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..errors import UnexpectedResponseError
from ..models.update_command import UpdateCommand

# The documented members; any others go to additional_properties.
_PROPERTY_NAMES = frozenset(
    {
        "order_id",
        "update_command",
    }
)


T = TypeVar("T", bound="UpdateOrderRequest")


@_attrs_define
class UpdateOrderRequest:
    """Body of `updateOrder`."""

    order_id: int
    """ FinerWorks' id of a submitted order, returned when the order was submitted. A positive 32-bit integer. """
    update_command: UpdateCommand
    """ The submission status to apply: `pending` forwards the order to the fulfillment center,
    `hold` places it on hold, `cancel` cancels the submission so that its `order_po` can be
    submitted again later.
     """
    # Made on first use (the additional_properties property): most models have no other members,
    # and an empty dict per model is a quarter of what parsing a large response allocates.
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda extras: extras or None, repr=lambda extras: repr(extras or {})
    )

    def to_dict(self) -> dict[str, Any]:
        order_id = self.order_id

        update_command = self.update_command.value

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "order_id": order_id,
                "update_command": update_command,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "order_id"
            order_id = src_dict["order_id"]
            if not isinstance(order_id, int) or isinstance(order_id, bool):
                raise TypeError()

            _member = "update_command"
            update_command = UpdateCommand(src_dict["update_command"])

        except UnexpectedResponseError as error:
            raise error.inside(src_dict, _member)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise UnexpectedResponseError.not_fitting(src_dict, _member, error) from error
        update_order_request = cls.__new__(cls)
        update_order_request.order_id = order_id
        update_order_request.update_command = update_command
        update_order_request._additional_properties = None

        if not _PROPERTY_NAMES.issuperset(src_dict):
            update_order_request.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES
            }
        return update_order_request

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
