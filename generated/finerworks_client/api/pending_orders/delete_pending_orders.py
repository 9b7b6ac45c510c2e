from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.delete_pending_orders_request import DeletePendingOrdersRequest
from ...models.delete_pending_orders_response import DeletePendingOrdersResponse
from ...types import Response


def _get_kwargs(
    *,
    body: DeletePendingOrdersRequest,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/delete_pending_orders",
    }

    _kwargs["json"] = body.to_dict()

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | DeletePendingOrdersResponse | None:
    try:
        if response.status_code == 200:
            response_200 = DeletePendingOrdersResponse.from_dict(response.json())

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
) -> Response[ApiError | DeletePendingOrdersResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DeletePendingOrdersRequest,
) -> Response[ApiError | DeletePendingOrdersResponse]:
    """Remove orders from pending storage

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
        body (DeletePendingOrdersRequest): Body of `deletePendingOrders`.

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
        Response[ApiError | DeletePendingOrdersResponse]
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
    body: DeletePendingOrdersRequest,
) -> ApiError | DeletePendingOrdersResponse | None:
    """Remove orders from pending storage

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
        body (DeletePendingOrdersRequest): Body of `deletePendingOrders`.

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
        ApiError | DeletePendingOrdersResponse
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
    body: DeletePendingOrdersRequest,
) -> Response[ApiError | DeletePendingOrdersResponse]:
    """Remove orders from pending storage

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
        body (DeletePendingOrdersRequest): Body of `deletePendingOrders`.

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
        Response[ApiError | DeletePendingOrdersResponse]
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
    body: DeletePendingOrdersRequest,
) -> ApiError | DeletePendingOrdersResponse | None:
    """Remove orders from pending storage

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
        body (DeletePendingOrdersRequest): Body of `deletePendingOrders`.

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
        ApiError | DeletePendingOrdersResponse
    """

    response = await client.get_async_httpx_client().request(
        **_get_kwargs(
            body=body,
        )
    )

    return _parse_response(client=client, response=response)
