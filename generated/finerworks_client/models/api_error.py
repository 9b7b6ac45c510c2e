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
        "Message",
        "MessageDetail",
        "ModelState",
    }
)


T = TypeVar("T", bound="ApiError")


@_attrs_define
class ApiError:
    """Body of a refusal before the operation ran: invalid request or missing or refused
    credentials (400), body too large (413), wrong content type (415). This is the ASP.NET
    Web API error shape (HttpError) FinerWorks uses. Other members may appear; `Message` is
    always written in this shape. Some routes answer an error with a plain
    `{"message": ...}` instead (observed, see `x-evidence`): the text is then in `message`.

    """

    message: str | Unset = UNSET
    """ What was wrong with the request, in one sentence. """
    message_detail: None | str | Unset = UNSET
    """ More detail on `Message`, when ASP.NET gives any. """
    model_state: ApiErrorModelState | Unset = UNSET
    """ For invalid requests, the messages for each invalid field, keyed by the field's path in the body (for
    example `request.order_id`). Refused credentials are keyed `ApiC.Models.authorization_credentials`. """
    # Made on first use (the additional_properties property): most models have no other members,
    # and an empty dict per model is a quarter of what parsing a large response allocates.
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda extras: extras or None, repr=lambda extras: repr(extras or {})
    )

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        message_detail: None | str | Unset
        if isinstance(self.message_detail, Unset):
            message_detail = UNSET
        else:
            message_detail = self.message_detail

        model_state: dict[str, Any] | Unset = UNSET
        if not isinstance(self.model_state, Unset):
            model_state = self.model_state.to_dict()

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update({})
        if message is not UNSET:
            field_dict["Message"] = message
        if message_detail is not UNSET:
            field_dict["MessageDetail"] = message_detail
        if model_state is not UNSET:
            field_dict["ModelState"] = model_state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "Message"
            message = src_dict.get("Message", UNSET)
            if not isinstance(message, str) and message is not UNSET:
                raise TypeError()

            _member = "MessageDetail"
            _message_detail_data = src_dict.get("MessageDetail", UNSET)
            message_detail: None | str | Unset
            if _message_detail_data is None:
                message_detail = None
            elif isinstance(_message_detail_data, Unset):
                message_detail = UNSET
            else:
                if not isinstance(_message_detail_data, str):
                    raise TypeError()

                message_detail = _message_detail_data

            _member = "ModelState"
            _model_state = src_dict.get("ModelState", UNSET)
            model_state: ApiErrorModelState | Unset
            if isinstance(_model_state, Unset):
                model_state = UNSET
            else:
                model_state = ApiErrorModelState.from_dict(_model_state)

        except UnexpectedResponseError as error:
            raise error.inside(src_dict, _member)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise UnexpectedResponseError.not_fitting(src_dict, _member, error) from error
        api_error = cls.__new__(cls)
        api_error.message = message
        api_error.message_detail = message_detail
        api_error.model_state = model_state
        api_error._additional_properties = None

        if not _PROPERTY_NAMES.issuperset(src_dict):
            api_error.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES
            }
        return api_error

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
from ..models.api_error_model_state import ApiErrorModelState  # noqa: E402
