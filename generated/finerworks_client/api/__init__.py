"""The resources of FinerWorksClient and AsyncFinerWorksClient: one per tag of openapi.yaml, one
method per operation. `client.orders.update(order_id=1234567, update_command="hold")`.

(Generated from generator/templates/api_init.py.jinja: edit that file, then `make generate`.)
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Literal, Unpack, cast

from ..models.address import Address
from ..models.api_error import ApiError
from ..models.delete_pending_orders_request import DeletePendingOrdersRequest
from ..models.delete_pending_orders_response import DeletePendingOrdersResponse
from ..models.fetch_order_status_request import FetchOrderStatusRequest
from ..models.fetch_order_status_response import FetchOrderStatusResponse
from ..models.response_status import ResponseStatus
from ..models.update_command import UpdateCommand
from ..models.update_customer_request import UpdateCustomerRequest
from ..models.update_order_request import UpdateOrderRequest
from ..types import UNSET, Unset
from .customers import update_customer
from .orders import fetch_order_status, update_order
from .pending_orders import delete_pending_orders

if TYPE_CHECKING:
    from .._runtime.clients import AsyncFinerWorksClient, FinerWorksClient, RawResponse
    from .._runtime.options import RequestOptions


class Orders:
    """`client.orders`: the operations tagged `orders` in openapi.yaml."""

    def __init__(self, client: FinerWorksClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> OrdersWithRawResponse:
        """The same methods, returning a RawResponse: the httpx.Response and the parsed model."""
        return OrdersWithRawResponse(self._client)

    def update(
        self,
        *,
        order_id: int,
        update_command: UpdateCommand | Literal["pending", "hold", "cancel"],
        **options: Unpack[RequestOptions],
    ) -> ResponseStatus:
        """Change an order's submission status (`update_order`: PUT /update_order).

        Changes the **submission** status of an order; this is not its production status (see
        `fetchOrderStatus`). Allowed only while the order has not entered production: once it
        is in production, only FinerWorks customer support can change it.

        | `update_command` | Effect |
        |---|---|
        | `pending` | Forwards the order to the fulfillment center (also releases a hold). |
        | `hold` | Places the order on hold; it is not produced until set back to `pending`. |
        | `cancel` | Cancels the submission. The same `order_po` can be submitted again later. |

        Method: PUT, documented on both `api.finerworks.com` and `test-api.finerworks.com`;
        `api.finerworks.com` also documents POST (`x-accepted-methods`).

        Refusals (the statuses are not documented by FinerWorks; see the responses'
        `x-evidence`): an unknown `order_id` with 404, an order already in production with 409,
        both with the status envelope and `success: false`. Sending the same command twice
        leaves the order in the same state, so the call is safe to retry.

        Args:
            order_id (int): FinerWorks' id of a submitted order, returned when the order was
                submitted. A positive 32-bit integer.
            update_command (UpdateCommand): The submission status to apply: `pending` forwards the
                order to the fulfillment center,
                `hold` places it on hold, `cancel` cancels the submission so that its `order_po` can be
                submitted again later.
            **options: This call's own timeout, deadline, max_retries, max_response_size or
                extra_headers instead of the client's (finerworks_client.RequestOptions).

        Returns:
            ResponseStatus: the operation's 200 response.

        Raises:
            FinerWorksError: for anything else; its subclass says what (finerworks_client.errors).
        """
        return self._client._send(
            update_order._get_kwargs(
                body=UpdateOrderRequest(
                    order_id=order_id,
                    update_command=UpdateCommand(update_command),
                ),
            ),
            update_order._parse_response,
            ResponseStatus,
            options,
        )

    def fetch_status(
        self,
        *,
        order_ids: list[int] | None | Unset = UNSET,
        order_pos: list[str] | None | Unset = UNSET,
        account_key: None | str | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> FetchOrderStatusResponse:
        """Get the production status and shipments of orders (`fetch_order_status`: POST /fetch_order_status).

        Returns the current **production** status of each requested order, with its shipments
        and tracking information. Orders can be named by FinerWorks id (`order_ids`), by the
        integration's own purchase-order number (`order_pos`), or both; at least one of the two
        lists must be present and not null.

        An order that cannot be found is left out of `orders` ("If an order is not found, no
        status will be returned"): asking for three orders of which one is unknown returns
        two. `orders` may also be null on a 200 (seen in test mode): read it as "no orders".
        The call reads only, so it is safe to retry.

        `account_key` (documented on the test host) is honoured only for accounts that
        FinerWorks has permitted to act on behalf of other accounts; for every other account it
        is ignored and the orders of the request's credentials are read.

        Args:
            order_ids (list[int] | None | Unset): FinerWorks ids of the orders to look up. May be
                left out or null when `order_pos` is given.
            order_pos (list[str] | None | Unset): The integration's own purchase-order numbers
                (`order_po`) of the orders to look up. May be left out or null when `order_ids` is
                given.
            account_key (None | str | Unset): Reads the orders of another account. Honoured only for
                accounts that FinerWorks has
                permitted to use it; for every other account it is ignored and the orders of the
                request's credentials are read. Leave null or out when not permitted.
            **options: This call's own timeout, deadline, max_retries, max_response_size or
                extra_headers instead of the client's (finerworks_client.RequestOptions).

        Returns:
            FetchOrderStatusResponse: the operation's 200 response.

        Raises:
            FinerWorksError: for anything else; its subclass says what (finerworks_client.errors).
        """
        return self._client._send(
            fetch_order_status._get_kwargs(
                body=FetchOrderStatusRequest(
                    order_ids=order_ids,
                    order_pos=order_pos,
                    account_key=account_key,
                ),
            ),
            fetch_order_status._parse_response,
            FetchOrderStatusResponse,
            options,
        )


class OrdersWithRawResponse:
    """The methods of `client.orders`, returning a RawResponse (the httpx.Response and the parsed model)."""

    def __init__(self, client: FinerWorksClient) -> None:
        self._client = client

    def update(
        self,
        *,
        order_id: int,
        update_command: UpdateCommand | Literal["pending", "hold", "cancel"],
        **options: Unpack[RequestOptions],
    ) -> RawResponse[ResponseStatus]:
        """As `orders.update()`, returning a RawResponse[ResponseStatus]: the httpx.Response and the model."""
        return self._client._send_raw(
            update_order._get_kwargs(
                body=UpdateOrderRequest(
                    order_id=order_id,
                    update_command=UpdateCommand(update_command),
                ),
            ),
            update_order._parse_response,
            ResponseStatus,
            options,
        )

    def fetch_status(
        self,
        *,
        order_ids: list[int] | None | Unset = UNSET,
        order_pos: list[str] | None | Unset = UNSET,
        account_key: None | str | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[FetchOrderStatusResponse]:
        """As `orders.fetch_status()`, returning a RawResponse[FetchOrderStatusResponse]: the httpx.Response and the model."""
        return self._client._send_raw(
            fetch_order_status._get_kwargs(
                body=FetchOrderStatusRequest(
                    order_ids=order_ids,
                    order_pos=order_pos,
                    account_key=account_key,
                ),
            ),
            fetch_order_status._parse_response,
            FetchOrderStatusResponse,
            options,
        )


class Customers:
    """`client.customers`: the operations tagged `customers` in openapi.yaml."""

    def __init__(self, client: FinerWorksClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> CustomersWithRawResponse:
        """The same methods, returning a RawResponse: the httpx.Response and the parsed model."""
        return CustomersWithRawResponse(self._client)

    def update(
        self,
        *,
        order_id: int,
        customer_info: Address | None | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> ResponseStatus:
        """Replace an order's shipping address (`update_customer`: PUT /update_customer).

        Replaces the customer (shipping) information of an existing order with `customer_info`.
        The whole address is replaced, not merged: a member left out is cleared. Each successful
        update returns a new `reference_id` identifying the change.

        Method: PUT, documented on both `api.finerworks.com` and `test-api.finerworks.com`;
        `api.finerworks.com` also documents POST (`x-accepted-methods`).

        The address follows FinerWorks' `address` model: see `Address` for the members it
        requires and their lengths. Refusals (statuses not documented by FinerWorks): an unknown
        `order_id` with 404, an order already in production with 409, both with the status
        envelope and `success: false`.

        Args:
            order_id (int): FinerWorks' id of a submitted order, returned when the order was
                submitted. A positive 32-bit integer.
            customer_info (Address | None | Unset): The new shipping address. Left out or null, the
                order's address is replaced by an empty one.
            **options: This call's own timeout, deadline, max_retries, max_response_size or
                extra_headers instead of the client's (finerworks_client.RequestOptions).

        Returns:
            ResponseStatus: the operation's 200 response.

        Raises:
            FinerWorksError: for anything else; its subclass says what (finerworks_client.errors).
        """
        return self._client._send(
            update_customer._get_kwargs(
                body=UpdateCustomerRequest(
                    order_id=order_id,
                    customer_info=customer_info,
                ),
            ),
            update_customer._parse_response,
            ResponseStatus,
            options,
        )


class CustomersWithRawResponse:
    """The methods of `client.customers`, returning a RawResponse (the httpx.Response and the parsed model)."""

    def __init__(self, client: FinerWorksClient) -> None:
        self._client = client

    def update(
        self,
        *,
        order_id: int,
        customer_info: Address | None | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[ResponseStatus]:
        """As `customers.update()`, returning a RawResponse[ResponseStatus]: the httpx.Response and the model."""
        return self._client._send_raw(
            update_customer._get_kwargs(
                body=UpdateCustomerRequest(
                    order_id=order_id,
                    customer_info=customer_info,
                ),
            ),
            update_customer._parse_response,
            ResponseStatus,
            options,
        )


class PendingOrders:
    """`client.pending_orders`: the operations tagged `pending_orders` in openapi.yaml."""

    def __init__(self, client: FinerWorksClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> PendingOrdersWithRawResponse:
        """The same methods, returning a RawResponse: the httpx.Response and the parsed model."""
        return PendingOrdersWithRawResponse(self._client)

    def delete(
        self,
        *,
        ids: list[int],
        account_key: None | str | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> DeletePendingOrdersResponse:
        """Remove orders from pending storage (`delete_pending_orders`: POST /delete_pending_orders).

        Removes the listed orders from FinerWorks' temporary (pending) storage, where orders wait
        before they are submitted.

        Documented on the v2 host (`https://v2.api.finerworks.com/v3`) only: send it there
        (`environment="v2"` in the Python client) unless you have checked that your host serves
        it.

        What happens to ids that are not in pending storage is not documented; the mock ignores
        them (so the call can be repeated) and says in `message` how many orders it removed.

        `account_key` is honoured only for accounts that FinerWorks has permitted to act on
        behalf of other accounts. For every other account it is ignored and the orders of the
        account identified by the request's credentials are used.

        Args:
            ids (list[int]): Ids of the orders to remove from pending storage.
            account_key (None | str | Unset): Acts on the pending orders of another account.
                Honoured only for accounts that
                FinerWorks has permitted to use it; for every other account it is ignored and the
                account of the request's credentials is used. Leave null when not permitted.
            **options: This call's own timeout, deadline, max_retries, max_response_size or
                extra_headers instead of the client's (finerworks_client.RequestOptions).

        Returns:
            DeletePendingOrdersResponse: the operation's 200 response.

        Raises:
            FinerWorksError: for anything else; its subclass says what (finerworks_client.errors).
        """
        return self._client._send(
            delete_pending_orders._get_kwargs(
                body=DeletePendingOrdersRequest(
                    ids=ids,
                    account_key=account_key,
                ),
            ),
            delete_pending_orders._parse_response,
            DeletePendingOrdersResponse,
            options,
        )


class PendingOrdersWithRawResponse:
    """The methods of `client.pending_orders`, returning a RawResponse (the httpx.Response and the parsed model)."""

    def __init__(self, client: FinerWorksClient) -> None:
        self._client = client

    def delete(
        self,
        *,
        ids: list[int],
        account_key: None | str | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[DeletePendingOrdersResponse]:
        """As `pending_orders.delete()`, returning a RawResponse[DeletePendingOrdersResponse]: the httpx.Response and the model."""
        return self._client._send_raw(
            delete_pending_orders._get_kwargs(
                body=DeletePendingOrdersRequest(
                    ids=ids,
                    account_key=account_key,
                ),
            ),
            delete_pending_orders._parse_response,
            DeletePendingOrdersResponse,
            options,
        )


class Resources:
    """The resources of FinerWorksClient: one attribute per tag of openapi.yaml."""

    @cached_property
    def orders(self) -> Orders:
        """`update`, `fetch_status`: the operations tagged `orders`."""
        return Orders(cast("FinerWorksClient", self))

    @cached_property
    def customers(self) -> Customers:
        """`update`: the operations tagged `customers`."""
        return Customers(cast("FinerWorksClient", self))

    @cached_property
    def pending_orders(self) -> PendingOrders:
        """`delete`: the operations tagged `pending_orders`."""
        return PendingOrders(cast("FinerWorksClient", self))


class AsyncOrders:
    """`client.orders`: the operations tagged `orders` in openapi.yaml, async."""

    def __init__(self, client: AsyncFinerWorksClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> AsyncOrdersWithRawResponse:
        """The same methods, returning a RawResponse: the httpx.Response and the parsed model."""
        return AsyncOrdersWithRawResponse(self._client)

    async def update(
        self,
        *,
        order_id: int,
        update_command: UpdateCommand | Literal["pending", "hold", "cancel"],
        **options: Unpack[RequestOptions],
    ) -> ResponseStatus:
        """Change an order's submission status (`update_order`: PUT /update_order).

        Changes the **submission** status of an order; this is not its production status (see
        `fetchOrderStatus`). Allowed only while the order has not entered production: once it
        is in production, only FinerWorks customer support can change it.

        | `update_command` | Effect |
        |---|---|
        | `pending` | Forwards the order to the fulfillment center (also releases a hold). |
        | `hold` | Places the order on hold; it is not produced until set back to `pending`. |
        | `cancel` | Cancels the submission. The same `order_po` can be submitted again later. |

        Method: PUT, documented on both `api.finerworks.com` and `test-api.finerworks.com`;
        `api.finerworks.com` also documents POST (`x-accepted-methods`).

        Refusals (the statuses are not documented by FinerWorks; see the responses'
        `x-evidence`): an unknown `order_id` with 404, an order already in production with 409,
        both with the status envelope and `success: false`. Sending the same command twice
        leaves the order in the same state, so the call is safe to retry.

        Args:
            order_id (int): FinerWorks' id of a submitted order, returned when the order was
                submitted. A positive 32-bit integer.
            update_command (UpdateCommand): The submission status to apply: `pending` forwards the
                order to the fulfillment center,
                `hold` places it on hold, `cancel` cancels the submission so that its `order_po` can be
                submitted again later.
            **options: This call's own timeout, deadline, max_retries, max_response_size or
                extra_headers instead of the client's (finerworks_client.RequestOptions).

        Returns:
            ResponseStatus: the operation's 200 response.

        Raises:
            FinerWorksError: for anything else; its subclass says what (finerworks_client.errors).
        """
        return await self._client._asend(
            update_order._get_kwargs(
                body=UpdateOrderRequest(
                    order_id=order_id,
                    update_command=UpdateCommand(update_command),
                ),
            ),
            update_order._parse_response,
            ResponseStatus,
            options,
        )

    async def fetch_status(
        self,
        *,
        order_ids: list[int] | None | Unset = UNSET,
        order_pos: list[str] | None | Unset = UNSET,
        account_key: None | str | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> FetchOrderStatusResponse:
        """Get the production status and shipments of orders (`fetch_order_status`: POST /fetch_order_status).

        Returns the current **production** status of each requested order, with its shipments
        and tracking information. Orders can be named by FinerWorks id (`order_ids`), by the
        integration's own purchase-order number (`order_pos`), or both; at least one of the two
        lists must be present and not null.

        An order that cannot be found is left out of `orders` ("If an order is not found, no
        status will be returned"): asking for three orders of which one is unknown returns
        two. `orders` may also be null on a 200 (seen in test mode): read it as "no orders".
        The call reads only, so it is safe to retry.

        `account_key` (documented on the test host) is honoured only for accounts that
        FinerWorks has permitted to act on behalf of other accounts; for every other account it
        is ignored and the orders of the request's credentials are read.

        Args:
            order_ids (list[int] | None | Unset): FinerWorks ids of the orders to look up. May be
                left out or null when `order_pos` is given.
            order_pos (list[str] | None | Unset): The integration's own purchase-order numbers
                (`order_po`) of the orders to look up. May be left out or null when `order_ids` is
                given.
            account_key (None | str | Unset): Reads the orders of another account. Honoured only for
                accounts that FinerWorks has
                permitted to use it; for every other account it is ignored and the orders of the
                request's credentials are read. Leave null or out when not permitted.
            **options: This call's own timeout, deadline, max_retries, max_response_size or
                extra_headers instead of the client's (finerworks_client.RequestOptions).

        Returns:
            FetchOrderStatusResponse: the operation's 200 response.

        Raises:
            FinerWorksError: for anything else; its subclass says what (finerworks_client.errors).
        """
        return await self._client._asend(
            fetch_order_status._get_kwargs(
                body=FetchOrderStatusRequest(
                    order_ids=order_ids,
                    order_pos=order_pos,
                    account_key=account_key,
                ),
            ),
            fetch_order_status._parse_response,
            FetchOrderStatusResponse,
            options,
        )


class AsyncOrdersWithRawResponse:
    """The methods of `client.orders`, returning a RawResponse (the httpx.Response and the parsed model)."""

    def __init__(self, client: AsyncFinerWorksClient) -> None:
        self._client = client

    async def update(
        self,
        *,
        order_id: int,
        update_command: UpdateCommand | Literal["pending", "hold", "cancel"],
        **options: Unpack[RequestOptions],
    ) -> RawResponse[ResponseStatus]:
        """As `orders.update()`, returning a RawResponse[ResponseStatus]: the httpx.Response and the model."""
        return await self._client._asend_raw(
            update_order._get_kwargs(
                body=UpdateOrderRequest(
                    order_id=order_id,
                    update_command=UpdateCommand(update_command),
                ),
            ),
            update_order._parse_response,
            ResponseStatus,
            options,
        )

    async def fetch_status(
        self,
        *,
        order_ids: list[int] | None | Unset = UNSET,
        order_pos: list[str] | None | Unset = UNSET,
        account_key: None | str | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[FetchOrderStatusResponse]:
        """As `orders.fetch_status()`, returning a RawResponse[FetchOrderStatusResponse]: the httpx.Response and the model."""
        return await self._client._asend_raw(
            fetch_order_status._get_kwargs(
                body=FetchOrderStatusRequest(
                    order_ids=order_ids,
                    order_pos=order_pos,
                    account_key=account_key,
                ),
            ),
            fetch_order_status._parse_response,
            FetchOrderStatusResponse,
            options,
        )


class AsyncCustomers:
    """`client.customers`: the operations tagged `customers` in openapi.yaml, async."""

    def __init__(self, client: AsyncFinerWorksClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> AsyncCustomersWithRawResponse:
        """The same methods, returning a RawResponse: the httpx.Response and the parsed model."""
        return AsyncCustomersWithRawResponse(self._client)

    async def update(
        self,
        *,
        order_id: int,
        customer_info: Address | None | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> ResponseStatus:
        """Replace an order's shipping address (`update_customer`: PUT /update_customer).

        Replaces the customer (shipping) information of an existing order with `customer_info`.
        The whole address is replaced, not merged: a member left out is cleared. Each successful
        update returns a new `reference_id` identifying the change.

        Method: PUT, documented on both `api.finerworks.com` and `test-api.finerworks.com`;
        `api.finerworks.com` also documents POST (`x-accepted-methods`).

        The address follows FinerWorks' `address` model: see `Address` for the members it
        requires and their lengths. Refusals (statuses not documented by FinerWorks): an unknown
        `order_id` with 404, an order already in production with 409, both with the status
        envelope and `success: false`.

        Args:
            order_id (int): FinerWorks' id of a submitted order, returned when the order was
                submitted. A positive 32-bit integer.
            customer_info (Address | None | Unset): The new shipping address. Left out or null, the
                order's address is replaced by an empty one.
            **options: This call's own timeout, deadline, max_retries, max_response_size or
                extra_headers instead of the client's (finerworks_client.RequestOptions).

        Returns:
            ResponseStatus: the operation's 200 response.

        Raises:
            FinerWorksError: for anything else; its subclass says what (finerworks_client.errors).
        """
        return await self._client._asend(
            update_customer._get_kwargs(
                body=UpdateCustomerRequest(
                    order_id=order_id,
                    customer_info=customer_info,
                ),
            ),
            update_customer._parse_response,
            ResponseStatus,
            options,
        )


class AsyncCustomersWithRawResponse:
    """The methods of `client.customers`, returning a RawResponse (the httpx.Response and the parsed model)."""

    def __init__(self, client: AsyncFinerWorksClient) -> None:
        self._client = client

    async def update(
        self,
        *,
        order_id: int,
        customer_info: Address | None | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[ResponseStatus]:
        """As `customers.update()`, returning a RawResponse[ResponseStatus]: the httpx.Response and the model."""
        return await self._client._asend_raw(
            update_customer._get_kwargs(
                body=UpdateCustomerRequest(
                    order_id=order_id,
                    customer_info=customer_info,
                ),
            ),
            update_customer._parse_response,
            ResponseStatus,
            options,
        )


class AsyncPendingOrders:
    """`client.pending_orders`: the operations tagged `pending_orders` in openapi.yaml, async."""

    def __init__(self, client: AsyncFinerWorksClient) -> None:
        self._client = client

    @cached_property
    def with_raw_response(self) -> AsyncPendingOrdersWithRawResponse:
        """The same methods, returning a RawResponse: the httpx.Response and the parsed model."""
        return AsyncPendingOrdersWithRawResponse(self._client)

    async def delete(
        self,
        *,
        ids: list[int],
        account_key: None | str | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> DeletePendingOrdersResponse:
        """Remove orders from pending storage (`delete_pending_orders`: POST /delete_pending_orders).

        Removes the listed orders from FinerWorks' temporary (pending) storage, where orders wait
        before they are submitted.

        Documented on the v2 host (`https://v2.api.finerworks.com/v3`) only: send it there
        (`environment="v2"` in the Python client) unless you have checked that your host serves
        it.

        What happens to ids that are not in pending storage is not documented; the mock ignores
        them (so the call can be repeated) and says in `message` how many orders it removed.

        `account_key` is honoured only for accounts that FinerWorks has permitted to act on
        behalf of other accounts. For every other account it is ignored and the orders of the
        account identified by the request's credentials are used.

        Args:
            ids (list[int]): Ids of the orders to remove from pending storage.
            account_key (None | str | Unset): Acts on the pending orders of another account.
                Honoured only for accounts that
                FinerWorks has permitted to use it; for every other account it is ignored and the
                account of the request's credentials is used. Leave null when not permitted.
            **options: This call's own timeout, deadline, max_retries, max_response_size or
                extra_headers instead of the client's (finerworks_client.RequestOptions).

        Returns:
            DeletePendingOrdersResponse: the operation's 200 response.

        Raises:
            FinerWorksError: for anything else; its subclass says what (finerworks_client.errors).
        """
        return await self._client._asend(
            delete_pending_orders._get_kwargs(
                body=DeletePendingOrdersRequest(
                    ids=ids,
                    account_key=account_key,
                ),
            ),
            delete_pending_orders._parse_response,
            DeletePendingOrdersResponse,
            options,
        )


class AsyncPendingOrdersWithRawResponse:
    """The methods of `client.pending_orders`, returning a RawResponse (the httpx.Response and the parsed model)."""

    def __init__(self, client: AsyncFinerWorksClient) -> None:
        self._client = client

    async def delete(
        self,
        *,
        ids: list[int],
        account_key: None | str | Unset = UNSET,
        **options: Unpack[RequestOptions],
    ) -> RawResponse[DeletePendingOrdersResponse]:
        """As `pending_orders.delete()`, returning a RawResponse[DeletePendingOrdersResponse]: the httpx.Response and the model."""
        return await self._client._asend_raw(
            delete_pending_orders._get_kwargs(
                body=DeletePendingOrdersRequest(
                    ids=ids,
                    account_key=account_key,
                ),
            ),
            delete_pending_orders._parse_response,
            DeletePendingOrdersResponse,
            options,
        )


class AsyncResources:
    """The resources of AsyncFinerWorksClient: one attribute per tag of openapi.yaml."""

    @cached_property
    def orders(self) -> AsyncOrders:
        """`update`, `fetch_status`: the operations tagged `orders`."""
        return AsyncOrders(cast("AsyncFinerWorksClient", self))

    @cached_property
    def customers(self) -> AsyncCustomers:
        """`update`: the operations tagged `customers`."""
        return AsyncCustomers(cast("AsyncFinerWorksClient", self))

    @cached_property
    def pending_orders(self) -> AsyncPendingOrders:
        """`delete`: the operations tagged `pending_orders`."""
        return AsyncPendingOrders(cast("AsyncFinerWorksClient", self))
