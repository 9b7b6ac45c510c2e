"""Contains all the data models used in inputs/outputs"""

from .address import Address
from .api_error import ApiError
from .api_error_model_state import ApiErrorModelState
from .delete_pending_orders_request import DeletePendingOrdersRequest
from .delete_pending_orders_response import DeletePendingOrdersResponse
from .fetch_order_status_request import FetchOrderStatusRequest
from .fetch_order_status_response import FetchOrderStatusResponse
from .order_status import OrderStatus
from .order_status_envelope import OrderStatusEnvelope
from .response_status import ResponseStatus
from .shipment import Shipment
from .shipment_history_type_0_item import ShipmentHistoryType0Item
from .update_command import UpdateCommand
from .update_customer_request import UpdateCustomerRequest
from .update_order_request import UpdateOrderRequest

__all__ = (
    "Address",
    "ApiError",
    "ApiErrorModelState",
    "DeletePendingOrdersRequest",
    "DeletePendingOrdersResponse",
    "FetchOrderStatusRequest",
    "FetchOrderStatusResponse",
    "OrderStatus",
    "OrderStatusEnvelope",
    "ResponseStatus",
    "Shipment",
    "ShipmentHistoryType0Item",
    "UpdateCommand",
    "UpdateCustomerRequest",
    "UpdateOrderRequest",
)
