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
        "first_name",
        "last_name",
        "address_1",
        "zip_postal_code",
        "country_code",
        "company_name",
        "address_2",
        "address_3",
        "city",
        "state_code",
        "province",
        "phone",
        "email",
        "address_order_po",
    }
)


T = TypeVar("T", bound="Address")


@_attrs_define
class Address:
    """Name and postal address of the order's customer, used as the shipping address
    (FinerWorks' `address` model). `first_name`, `last_name`, `address_1`, `zip_postal_code`
    and `country_code` are required and not empty. `state_code` is required for a U.S.
    address and must be left blank (null or empty) for any other; `province` is meant for
    addresses outside the U.S. Other members may be left out or null; the whole address is
    replaced, so a member left out is stored as empty.

    """

    first_name: str
    """ The recipient's first name. Required, at most 50 characters. """
    last_name: str
    """ The recipient's last name. Required, at most 50 characters. """
    address_1: str
    """ First line of the street address. Required, at most 100 characters. """
    zip_postal_code: str
    """ ZIP or postal code, as text so that leading zeros are kept. Required, at most 10 characters. """
    country_code: str
    """ Two-letter ISO 3166-1 country code, in either case (for example "us"). Required. """
    company_name: None | str | Unset = UNSET
    """ The recipient's company, when shipping to a business; null otherwise. At most 50 characters. """
    address_2: None | str | Unset = UNSET
    """ Second address line (apartment, suite); null when not needed. At most 100 characters. """
    address_3: None | str | Unset = UNSET
    """ Third address line; null when not needed. At most 100 characters. """
    city: None | str | Unset = UNSET
    """ City or town. At most 50 characters. """
    state_code: None | str | Unset = UNSET
    """ For a U.S. address (`country_code` "us", in either case): required, a 2-letter USPS
    state code (for example "TX" or "CA"). For any other country: leave it null or
    empty, FinerWorks refuses it ("Must be left blank when country_code does not equal
    'us'"); use `province`.
     """
    province: None | str | Unset = UNSET
    """ Province or region, for addresses outside the U.S. (for example "Bayern"). At most 50 characters.
    FinerWorks' page says it "must be used if outside the U.S."; integrations send null for non-U.S. addresses, so
    this document does not refuse that. """
    phone: None | str | Unset = UNSET
    """ The recipient's phone number, for the carrier; null for none. At most 50 characters. """
    email: None | str | Unset = UNSET
    """ The email address to display on the packing slip; null for none. At most 50 characters. """
    address_order_po: None | str | Unset = UNSET
    """ Optional purchase-order number assigned to this address. At most 50 characters. """
    # Made on first use (the additional_properties property): most models have no other members,
    # and an empty dict per model is a quarter of what parsing a large response allocates.
    _additional_properties: dict[str, Any] | None = _attrs_field(
        init=False, default=None, eq=lambda extras: extras or None, repr=lambda extras: repr(extras or {})
    )

    def to_dict(self) -> dict[str, Any]:
        first_name = self.first_name

        last_name = self.last_name

        address_1 = self.address_1

        zip_postal_code = self.zip_postal_code

        country_code = self.country_code

        company_name: None | str | Unset
        if isinstance(self.company_name, Unset):
            company_name = UNSET
        else:
            company_name = self.company_name

        address_2: None | str | Unset
        if isinstance(self.address_2, Unset):
            address_2 = UNSET
        else:
            address_2 = self.address_2

        address_3: None | str | Unset
        if isinstance(self.address_3, Unset):
            address_3 = UNSET
        else:
            address_3 = self.address_3

        city: None | str | Unset
        if isinstance(self.city, Unset):
            city = UNSET
        else:
            city = self.city

        state_code: None | str | Unset
        if isinstance(self.state_code, Unset):
            state_code = UNSET
        else:
            state_code = self.state_code

        province: None | str | Unset
        if isinstance(self.province, Unset):
            province = UNSET
        else:
            province = self.province

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        email: None | str | Unset
        if isinstance(self.email, Unset):
            email = UNSET
        else:
            email = self.email

        address_order_po: None | str | Unset
        if isinstance(self.address_order_po, Unset):
            address_order_po = UNSET
        else:
            address_order_po = self.address_order_po

        field_dict: dict[str, Any] = {}
        if self._additional_properties:
            field_dict.update(self._additional_properties)
        field_dict.update(
            {
                "first_name": first_name,
                "last_name": last_name,
                "address_1": address_1,
                "zip_postal_code": zip_postal_code,
                "country_code": country_code,
            }
        )
        if company_name is not UNSET:
            field_dict["company_name"] = company_name
        if address_2 is not UNSET:
            field_dict["address_2"] = address_2
        if address_3 is not UNSET:
            field_dict["address_3"] = address_3
        if city is not UNSET:
            field_dict["city"] = city
        if state_code is not UNSET:
            field_dict["state_code"] = state_code
        if province is not UNSET:
            field_dict["province"] = province
        if phone is not UNSET:
            field_dict["phone"] = phone
        if email is not UNSET:
            field_dict["email"] = email
        if address_order_po is not UNSET:
            field_dict["address_order_po"] = address_order_po

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _member = ""
        try:
            _member = "first_name"
            first_name = src_dict["first_name"]
            if not isinstance(first_name, str):
                raise TypeError()

            _member = "last_name"
            last_name = src_dict["last_name"]
            if not isinstance(last_name, str):
                raise TypeError()

            _member = "address_1"
            address_1 = src_dict["address_1"]
            if not isinstance(address_1, str):
                raise TypeError()

            _member = "zip_postal_code"
            zip_postal_code = src_dict["zip_postal_code"]
            if not isinstance(zip_postal_code, str):
                raise TypeError()

            _member = "country_code"
            country_code = src_dict["country_code"]
            if not isinstance(country_code, str):
                raise TypeError()

            _member = "company_name"
            _company_name_data = src_dict.get("company_name", UNSET)
            company_name: None | str | Unset
            if _company_name_data is None:
                company_name = None
            elif isinstance(_company_name_data, Unset):
                company_name = UNSET
            else:
                if not isinstance(_company_name_data, str):
                    raise TypeError()

                company_name = _company_name_data

            _member = "address_2"
            _address_2_data = src_dict.get("address_2", UNSET)
            address_2: None | str | Unset
            if _address_2_data is None:
                address_2 = None
            elif isinstance(_address_2_data, Unset):
                address_2 = UNSET
            else:
                if not isinstance(_address_2_data, str):
                    raise TypeError()

                address_2 = _address_2_data

            _member = "address_3"
            _address_3_data = src_dict.get("address_3", UNSET)
            address_3: None | str | Unset
            if _address_3_data is None:
                address_3 = None
            elif isinstance(_address_3_data, Unset):
                address_3 = UNSET
            else:
                if not isinstance(_address_3_data, str):
                    raise TypeError()

                address_3 = _address_3_data

            _member = "city"
            _city_data = src_dict.get("city", UNSET)
            city: None | str | Unset
            if _city_data is None:
                city = None
            elif isinstance(_city_data, Unset):
                city = UNSET
            else:
                if not isinstance(_city_data, str):
                    raise TypeError()

                city = _city_data

            _member = "state_code"
            _state_code_data = src_dict.get("state_code", UNSET)
            state_code: None | str | Unset
            if _state_code_data is None:
                state_code = None
            elif isinstance(_state_code_data, Unset):
                state_code = UNSET
            else:
                if not isinstance(_state_code_data, str):
                    raise TypeError()

                state_code = _state_code_data

            _member = "province"
            _province_data = src_dict.get("province", UNSET)
            province: None | str | Unset
            if _province_data is None:
                province = None
            elif isinstance(_province_data, Unset):
                province = UNSET
            else:
                if not isinstance(_province_data, str):
                    raise TypeError()

                province = _province_data

            _member = "phone"
            _phone_data = src_dict.get("phone", UNSET)
            phone: None | str | Unset
            if _phone_data is None:
                phone = None
            elif isinstance(_phone_data, Unset):
                phone = UNSET
            else:
                if not isinstance(_phone_data, str):
                    raise TypeError()

                phone = _phone_data

            _member = "email"
            _email_data = src_dict.get("email", UNSET)
            email: None | str | Unset
            if _email_data is None:
                email = None
            elif isinstance(_email_data, Unset):
                email = UNSET
            else:
                if not isinstance(_email_data, str):
                    raise TypeError()

                email = _email_data

            _member = "address_order_po"
            _address_order_po_data = src_dict.get("address_order_po", UNSET)
            address_order_po: None | str | Unset
            if _address_order_po_data is None:
                address_order_po = None
            elif isinstance(_address_order_po_data, Unset):
                address_order_po = UNSET
            else:
                if not isinstance(_address_order_po_data, str):
                    raise TypeError()

                address_order_po = _address_order_po_data

        except UnexpectedResponseError as error:
            raise error.inside(src_dict, _member)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise UnexpectedResponseError.not_fitting(src_dict, _member, error) from error
        address = cls.__new__(cls)
        address.first_name = first_name
        address.last_name = last_name
        address.address_1 = address_1
        address.zip_postal_code = zip_postal_code
        address.country_code = country_code
        address.company_name = company_name
        address.address_2 = address_2
        address.address_3 = address_3
        address.city = city
        address.state_code = state_code
        address.province = province
        address.phone = phone
        address.email = email
        address.address_order_po = address_order_po
        address._additional_properties = None

        if not _PROPERTY_NAMES.issuperset(src_dict):
            address.additional_properties = {
                key: value for key, value in src_dict.items() if key not in _PROPERTY_NAMES
            }
        return address

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
