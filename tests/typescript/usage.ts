// How a TypeScript user calls each operation with the types openapi-typescript generates from
// openapi.yaml (generated/typescript/finerworks.ts). tests/spec/test_interop.py runs `tsc --strict` on it:
// the calls must type-check, and each `@ts-expect-error` line must NOT (tsc reports an unused one).
import type { components, operations } from "../../generated/typescript/finerworks";

// The operations FinerWorks answers with JSON: not receiveOrderStatus, the webhook FinerWorks sends to you.
type Operation = {
  [Op in keyof operations]: operations[Op]["responses"] extends { 200: { content: { "application/json": unknown } } }
    ? Op
    : never;
}[keyof operations];
type RequestBody<Op extends Operation> = operations[Op]["requestBody"] extends
  | { content: { "application/json": infer Body } }
  | undefined
  ? Body
  : never;
type Success<Op extends Operation> = operations[Op]["responses"][200]["content"]["application/json"];

const SANDBOX = "https://test-api.finerworks.com/v3";

async function call<Op extends Operation>(path: string, method: "POST" | "PUT", body: RequestBody<Op>): Promise<Success<Op>> {
  const response = await fetch(SANDBOX + path, {
    method,
    headers: { "content-type": "application/json", web_api_key: "my-web-api-key", app_key: "my-app-key" },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Success<Op>;
}

// A status webhook handler: the body is one order, a list of orders, or an object with `orders`.
type StatusCall = operations["receiveOrderStatus"]["requestBody"]["content"]["application/json"];
type OrderStatus = components["schemas"]["OrderStatus"];

export function ordersOf(body: StatusCall): OrderStatus[] {
  if (Array.isArray(body)) return body;
  return "orders" in body ? (body.orders ?? []) : [body]; // orders: null means none
}

export function webhookExamples(): number[] {
  const order: OrderStatus = {
    order_confirmation_id: 411111113, order_po: "PO_0003", order_id: 1234567,
    order_status_id: 7, order_status_label: "Shipped", shipments: null,
  };
  // @ts-expect-error an order's id is a number
  ordersOf({ ...order, order_id: "1234567" });
  // @ts-expect-error a bare status envelope carries no order
  ordersOf({ status: { success: true, status_code: 200, message: "", debug: null } });
  return [order, [order], { orders: [order] }, { status: { success: true, status_code: 200, message: null, debug: null }, orders: [order] }]
    .flatMap((body: StatusCall) => ordersOf(body))
    .map((found) => found.order_status_id);
}

export async function examples(): Promise<string[]> {
  const held = await call<"updateOrder">("/update_order", "POST", { order_id: 1234567, update_command: "hold" });
  const byPo = await call<"fetchOrderStatus">("/fetch_order_status", "POST", { order_pos: ["PO_0001"] });
  const byId = await call<"fetchOrderStatus">("/fetch_order_status", "POST", { order_ids: [123456], order_pos: null });
  const changed = await call<"updateCustomer">("/update_customer", "PUT", {
    order_id: 12345,
    customer_info: { first_name: "Bob", address_2: null, country_code: "us", email: null },
  });
  const deleted = await call<"deletePendingOrders">("/delete_pending_orders", "POST", { ids: [1, 2], account_key: null });

  // "order_ids or order_pos" is a JSON Schema if/then rule, which the types do not carry: the server
  // (and the mock) refuse {} with 400 naming the rule.
  // @ts-expect-error order_pos holds strings
  await call<"fetchOrderStatus">("/fetch_order_status", "POST", { order_pos: [1] });
  // @ts-expect-error update_command is pending | hold | cancel
  await call<"updateOrder">("/update_order", "POST", { order_id: 1234567, update_command: "archive" });
  // @ts-expect-error ids are numbers, not strings
  await call<"updateOrder">("/update_order", "POST", { order_id: "1234567", update_command: "hold" });
  // @ts-expect-error order_id is required
  await call<"updateCustomer">("/update_customer", "PUT", { customer_info: { first_name: "Bob" } });

  // Every response member is present (required); most may be null, and the types say so.
  const shipped = byId.orders[0]?.shipments?.[0];
  const tracking: string | null | undefined = shipped?.tracking_number;
  const delivered: string | null | undefined = shipped?.delivery_date;
  // @ts-expect-error delivery_date is null while the parcel is in transit
  const deliveredSurely: string | undefined = shipped?.delivery_date;
  return [
    String(held.success),
    String(byPo.orders.length),
    changed.reference_id ?? "",
    deleted.status.message ?? "",
    tracking ?? "",
    delivered ?? "in transit",
    String(deliveredSurely),
  ];
}
