// A TypeScript user of the typescript-fetch client that openapi-generator makes from openapi.yaml
// (into build/interop/typescript-fetch by tests/spec/test_interop.py), type-checked with `tsc --strict`.
// A request by purchase-order number alone names only orderPos: the "order_ids or order_pos" rule
// is an if/then that generators leave to the server, and both fields are optional.
import { Configuration, CustomersApi, OrdersApi, PendingOrdersApi, UpdateCommand } from "../../build/interop/typescript-fetch/index";

export async function examples(): Promise<void> {
  const config = new Configuration({
    basePath: "https://test-api.finerworks.com/v3",
    apiKey: (name: string) => (name === "web_api_key" ? "my-web-api-key" : "my-app-key"),
  });
  const orders = new OrdersApi(config);
  await orders.updateOrder({ updateOrderRequest: { orderId: 1234567, updateCommand: UpdateCommand.Hold } });
  const status = await orders.fetchOrderStatus({ fetchOrderStatusRequest: { orderPos: ["PO_0001"] } });
  const label: string | null | undefined = status.orders[0]?.orderStatusLabel;
  await new CustomersApi(config).updateCustomer({ updateCustomerRequest: { orderId: 12345, customerInfo: { firstName: "Bob" } } });
  await new PendingOrdersApi(config).deletePendingOrders({ deletePendingOrdersRequest: { ids: [1, 2] } });
  console.log(label);
}
