from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.api_error import ApiError
from ...models.response_status import ResponseStatus
from ...models.update_order_request import UpdateOrderRequest
from ...types import Response


def _get_kwargs(
    *,
    body: UpdateOrderRequest,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/update_order",
    }

    _kwargs["json"] = body.to_dict()

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ApiError | ResponseStatus | None:
    try:
        if response.status_code == 200:
            response_200 = ResponseStatus.from_dict(response.json())

            return response_200

        if response.status_code == 400:
            response_400 = ApiError.from_dict(response.json())

            return response_400

        if response.status_code == 404:
            response_404 = ResponseStatus.from_dict(response.json())

            return response_404

        if response.status_code == 409:
            response_409 = ResponseStatus.from_dict(response.json())

            return response_409

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
) -> Response[ApiError | ResponseStatus]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: UpdateOrderRequest,
) -> Response[ApiError | ResponseStatus]:
    """Change an order's submission status

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
        body (UpdateOrderRequest): Body of `updateOrder`.

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
        Response[ApiError | ResponseStatus]
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
    body: UpdateOrderRequest,
) -> ApiError | ResponseStatus | None:
    """Change an order's submission status

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
        body (UpdateOrderRequest): Body of `updateOrder`.

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
        ApiError | ResponseStatus
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
    body: UpdateOrderRequest,
) -> Response[ApiError | ResponseStatus]:
    """Change an order's submission status

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
        body (UpdateOrderRequest): Body of `updateOrder`.

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
        Response[ApiError | ResponseStatus]
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
    body: UpdateOrderRequest,
) -> ApiError | ResponseStatus | None:
    """Change an order's submission status

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
        body (UpdateOrderRequest): Body of `updateOrder`.

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
        ApiError | ResponseStatus
    """

    response = await client.get_async_httpx_client().request(
        **_get_kwargs(
            body=body,
        )
    )

    return _parse_response(client=client, response=response)
