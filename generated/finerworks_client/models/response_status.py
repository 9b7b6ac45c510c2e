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
        "success",
        "status_code",
        "message",
        "debug",
        "reference_id",
        "domain",
    }
)


T = TypeVar("T", bound="ResponseStatus")


@_attrs_define
class ResponseStatus:
    """Status envelope of every FinerWorks response: on its own as the body of `updateOrder` and
    `updateCustomer` and of their refusals, and as the `status` member of the other responses.

    """

    success: bool
    """ True when the request was carried out; false when it was refused, with the reason in `message`. This, not
    `status_code`, says whether the request succeeded. Never null. """
    status_code: int
    """ FinerWorks' own status code for the request, typed as an HTTP status code on its
    pages. It is not the HTTP status of the response and can disagree with it and with
    `success`: a cancel has been answered `success: true` with `status_code` 400, and the
    delete_pending_orders page's example shows 100. Read `success`, not this. Never null.
     """
    message: None | str
    """ Additional information, such as the reason for a refusal. Often empty or null on success. """
    debug: Any
    """ Diagnostic details that help FinerWorks support investigate an error, as any JSON value (usually null,
    sometimes an object). Its content is not part of the contract. """
    reference_id: None | str | Unset = UNSET
    """ Identifies the event the request caused (for example an address change), for quoting to FinerWorks support.
    Documented for `updateCustomer` and `deletePendingOrders`; absent from the others; null when no event was
    recorded. """
    domain: None | str | Unset = UNSET
    """ A text member of the envelope that FinerWorks' pages do not show; an integration reads it. Optional, its
    meaning undocumented. """
    # Made on first use (the additional_properties property): most models have no other members,
    # and an empty dict per model is a quarter of what parsing a large response allocates.
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda extras: extras or None, repr=lambda extras: repr(extras or {})
    )

    def to_dict(self) -> dict[str, Any]:
        success = self.success

        status_code = self.status_code

        message: None | str
        message = self.message

        debug = self.debug

        reference_id: None | str | Unset
        if isinstance(self.reference_id, Unset):
            reference_id = UNSET
        else:
            reference_id = self.reference_id

        domain: None | str | Unset
        if isinstance(self.domain, Unset):
            domain = UNSET
        else:
            domain = self.domain

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "success": success,
                "status_code": status_code,
                "message": message,
                "debug": debug,
            }
        )
        if reference_id is not UNSET:
            field_dict["reference_id"] = reference_id
        if domain is not UNSET:
            field_dict["domain"] = domain

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "success"
            success = src_dict["success"]
            if not isinstance(success, bool):
                raise TypeError()

            _member = "status_code"
            status_code = src_dict["status_code"]
            if not isinstance(status_code, int) or isinstance(status_code, bool):
                raise TypeError()

            _member = "message"
            _message_data = src_dict["message"]
            message: None | str
            if _message_data is None:
                message = None
            else:
                if not isinstance(_message_data, str):
                    raise TypeError()

                message = _message_data

            _member = "debug"
            debug = src_dict["debug"]

            _member = "reference_id"
            _reference_id_data = src_dict.get("reference_id", UNSET)
            reference_id: None | str | Unset
            if _reference_id_data is None:
                reference_id = None
            elif isinstance(_reference_id_data, Unset):
                reference_id = UNSET
            else:
                if not isinstance(_reference_id_data, str):
                    raise TypeError()

                reference_id = _reference_id_data

            _member = "domain"
            _domain_data = src_dict.get("domain", UNSET)
            domain: None | str | Unset
            if _domain_data is None:
                domain = None
            elif isinstance(_domain_data, Unset):
                domain = UNSET
            else:
                if not isinstance(_domain_data, str):
                    raise TypeError()

                domain = _domain_data

        except UnexpectedResponseError as error:
            raise error.inside(src_dict, _member)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise UnexpectedResponseError.not_fitting(src_dict, _member, error) from error
        response_status = cls.__new__(cls)
        response_status.success = success
        response_status.status_code = status_code
        response_status.message = message
        response_status.debug = debug
        response_status.reference_id = reference_id
        response_status.domain = domain
        response_status._additional_properties = None

        if not _PROPERTY_NAMES.issuperset(src_dict):
            response_status.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES
            }
        return response_status

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
