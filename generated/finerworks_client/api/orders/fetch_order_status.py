from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.fetch_order_status_request import FetchOrderStatusRequest
from ...models.fetch_order_status_response import FetchOrderStatusResponse
from ...types import Response


def _get_kwargs(
    *,
    body: FetchOrderStatusRequest,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/fetch_order_status",
    }

    _kwargs["json"] = body.to_dict()

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | FetchOrderStatusResponse | None:
    try:
        if response.status_code == 200:
            response_200 = FetchOrderStatusResponse.from_dict(response.json())

            return response_200

        if response.status_code == 400:
            response_400 = ApiError.from_dict(response.json())

            return response_400

        if response.status_code == 413:
            response_413 = ApiError.from_dict(response.json())

            return response_413

        if response.status_code == 415:
            response_415 = ApiError.from_dict(response.json())

            return response_415

        if response.status_code == 429:
            response_429 = ApiError.from_dict(response.json())

            return response_429

        if response.status_code == 500:
            response_500 = ApiError.from_dict(response.json())

            return response_500

        if response.status_code == 502:
            response_502 = ApiError.from_dict(response.json())

            return response_502

        if response.status_code == 503:
            response_503 = ApiError.from_dict(response.json())

            return response_503

        if response.status_code == 504:
            response_504 = ApiError.from_dict(response.json())

            return response_504

        if client.raise_on_unexpected_status:
            raise errors.UnexpectedStatus(response.status_code, response.content)
        else:
            return None
    except errors.UnexpectedResponseError as error:
        raise error.with_response(response)
    except ValueError as error:  # not JSON at all
        raise errors.UnexpectedResponseError("the body is not valid JSON", path="").with_response(response) from error


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ApiError | FetchOrderStatusResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FetchOrderStatusRequest,
) -> Response[ApiError | FetchOrderStatusResponse]:
    """Get the production status and shipments of orders

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
        body (FetchOrderStatusRequest): Body of `fetchOrderStatus`. `order_ids` and `order_pos`
            are each optional and nullable, but
            at least one of them must be present and not null (an empty list is allowed). When both
            are given, orders matching either list are returned.

    Raises:
        errors.FinerWorksError: With FinerWorksClient: a subclass for each kind of failure (see
            finerworks_client.errors), for every error response (documented or not), a 200 whose
            status says success: false, and every transport failure, timeout or passed deadline.
            Only the 200 model is returned then.
        errors.UnexpectedResponseError: With any client: a body that does not fit the documented model.
        errors.UnexpectedStatus: With the plain Client: an undocumented status code when
            Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: With the plain Client: the request took longer than Client.timeout.

    Returns:
        Response[ApiError | FetchOrderStatusResponse]
    """

    response = client.get_httpx_client().request(
        **_get_kwargs(
            body=body,
        )
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: FetchOrderStatusRequest,
) -> ApiError | FetchOrderStatusResponse | None:
    """Get the production status and shipments of orders

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
        body (FetchOrderStatusRequest): Body of `fetchOrderStatus`. `order_ids` and `order_pos`
            are each optional and nullable, but
            at least one of them must be present and not null (an empty list is allowed). When both
            are given, orders matching either list are returned.

    Raises:
        errors.FinerWorksError: With FinerWorksClient: a subclass for each kind of failure (see
            finerworks_client.errors), for every error response (documented or not), a 200 whose
            status says success: false, and every transport failure, timeout or passed deadline.
            Only the 200 model is returned then.
        errors.UnexpectedResponseError: With any client: a body that does not fit the documented model.
        errors.UnexpectedStatus: With the plain Client: an undocumented status code when
            Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: With the plain Client: the request took longer than Client.timeout.

    Returns:
        ApiError | FetchOrderStatusResponse
    """

    response = client.get_httpx_client().request(
        **_get_kwargs(
            body=body,
        )
    )

    return _parse_response(client=client, response=response)


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FetchOrderStatusRequest,
) -> Response[ApiError | FetchOrderStatusResponse]:
    """Get the production status and shipments of orders

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
        body (FetchOrderStatusRequest): Body of `fetchOrderStatus`. `order_ids` and `order_pos`
            are each optional and nullable, but
            at least one of them must be present and not null (an empty list is allowed). When both
            are given, orders matching either list are returned.

    Raises:
        errors.FinerWorksError: With FinerWorksClient: a subclass for each kind of failure (see
            finerworks_client.errors), for every error response (documented or not), a 200 whose
            status says success: false, and every transport failure, timeout or passed deadline.
            Only the 200 model is returned then.
        errors.UnexpectedResponseError: With any client: a body that does not fit the documented model.
        errors.UnexpectedStatus: With the plain Client: an undocumented status code when
            Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: With the plain Client: the request took longer than Client.timeout.

    Returns:
        Response[ApiError | FetchOrderStatusResponse]
    """

    response = await client.get_async_httpx_client().request(
        **_get_kwargs(
            body=body,
        )
    )

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: FetchOrderStatusRequest,
) -> ApiError | FetchOrderStatusResponse | None:
    """Get the production status and shipments of orders

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
        body (FetchOrderStatusRequest): Body of `fetchOrderStatus`. `order_ids` and `order_pos`
            are each optional and nullable, but
            at least one of them must be present and not null (an empty list is allowed). When both
            are given, orders matching either list are returned.

    Raises:
        errors.FinerWorksError: With FinerWorksClient: a subclass for each kind of failure (see
            finerworks_client.errors), for every error response (documented or not), a 200 whose
            status says success: false, and every transport failure, timeout or passed deadline.
            Only the 200 model is returned then.
        errors.UnexpectedResponseError: With any client: a body that does not fit the documented model.
        errors.UnexpectedStatus: With the plain Client: an undocumented status code when
            Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: With the plain Client: the request took longer than Client.timeout.

    Returns:
        ApiError | FetchOrderStatusResponse
    """

    response = await client.get_async_httpx_client().request(
        **_get_kwargs(
            body=body,
        )
    )

    return _parse_response(client=client, response=response)
