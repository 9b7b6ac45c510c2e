"""A validating proxy for an integration's own traffic: make proxy UPSTREAM=<url> [PORT=8001] [RECORD=<dir>]

Point the integration at http://127.0.0.1:PORT/v3 instead of FinerWorks. Each request is forwarded
to UPSTREAM unchanged (method, path, query, headers, body), and the upstream's response comes back
untouched (status, headers, body bytes), so the integration behaves exactly as without the proxy.
Meanwhile both are checked against openapi.yaml by openapi-core (conformance.py) and every
violation is logged with its operation, direction and member path. With RECORD, each exchange is
written to that directory as a VCR.py cassette (vcrpy and pytest-recording replay it), with both
key headers, and any other occurrence of their values, redacted.

It listens on 127.0.0.1 only, forwards only to http(s) upstreams, and never logs a key.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import vcr.filters
import vcr.request
import vcr.serialize
import vcr.serializers.yamlserializer
from starlette.types import Receive, Scope, Send

from finerworks_mock.conformance import KEY_HEADERS, REDACTED, Checker, Exchange, key_values, redactor
from finerworks_mock.server import serve

log = logging.getLogger("finerworks.proxy")

# Headers that describe one connection, not the message (RFC 9110 7.6.1): never forwarded as such.
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
}
TIMEOUT = httpx.Timeout(120, connect=10)  # the sandbox can be slow; the integration's own timeout still applies
CASSETTE = re.compile(r"^(\d+)-")


class UpstreamError(ValueError):
    """UPSTREAM is not a URL the proxy forwards to."""


def parse_upstream(url: str) -> tuple[str, str]:
    """UPSTREAM -> (origin, base path). Only http and https URLs with a host are accepted."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UpstreamError(f"UPSTREAM must be an http:// or https:// URL with a host, not {url!r}")
    if parts.query or parts.fragment:
        raise UpstreamError(f"UPSTREAM must be a base URL without query or fragment, not {url!r}")
    return f"{parts.scheme}://{parts.netloc}", parts.path.rstrip("/")


class CassetteWriter:
    """Writes exchanges as VCR.py cassettes (one interaction each) into a directory: NNN-operation-status.yaml."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        numbers = [int(m[1]) for p in directory.glob("*.yaml") if (m := CASSETTE.match(p.name))]
        self.next = max(numbers, default=0) + 1

    def write(
        self,
        operation: str,
        method: str,
        url: str,
        request_headers: Iterable[tuple[str, str]],
        request_body: bytes,
        response: httpx.Response,
        raw_body: bytes,
        secrets: list[str],
    ) -> Path:
        text = redactor(secrets)

        def binary(data: bytes) -> bytes:  # surrogateescape: any bytes round-trip, UTF-8 keys are found
            return text(data.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")

        headers: dict[str, list[str]] = {}
        for name, value in request_headers:
            headers.setdefault(name, []).append(REDACTED if name.lower() in KEY_HEADERS else text(value))
        headers_one = {name: values[0] if len(values) == 1 else values for name, values in headers.items()}
        request = vcr.request.Request(method, text(url), binary(request_body), headers_one)
        response_headers: dict[str, list[str]] = {}
        for name, value in response.headers.multi_items():
            response_headers.setdefault(name, []).append(text(value))
        # Bodies are kept readable (decompressed, as vcrpy's decode_compressed_response does) and
        # redacted; Content-Length then follows the body as written.
        recorded = vcr.filters.decode_response(
            {
                "status": {"code": response.status_code, "message": response.reason_phrase},
                "headers": response_headers,
                "body": {"string": raw_body},
            }
        )
        recorded["body"]["string"] = binary(recorded["body"]["string"])
        for name in recorded["headers"]:
            if name.lower() == "content-length":
                recorded["headers"][name] = [str(len(recorded["body"]["string"]))]
        cassette = {"requests": [request], "responses": [recorded]}
        name = re.sub(r"[^A-Za-z0-9_]+", "_", operation).strip("_") or "unknown"
        path = self.directory / f"{self.next:03d}-{name}-{response.status_code}.yaml"
        path.write_text(vcr.serialize.serialize(cassette, vcr.serializers.yamlserializer), encoding="utf-8")
        self.next += 1
        return path


class ValidatingProxy:
    """ASGI app: forwards to upstream, checks each exchange, optionally records it."""

    def __init__(
        self,
        upstream: str,
        checker: Checker | None = None,
        record: Path | None = None,
    ) -> None:
        self.origin, upstream_path = parse_upstream(upstream)
        self.checker = checker or Checker()
        self.base_path = upstream_path or self.checker.spec.base_path
        self.recorder = CassetteWriter(record) if record else None
        self.client: httpx.AsyncClient | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while True:
                event = (await receive())["type"].rsplit(".", 1)[-1]
                if event == "shutdown" and self.client is not None:
                    await self.client.aclose()
                await send({"type": f"lifespan.{event}.complete"})
                if event == "shutdown":
                    return
        if scope["type"] != "http":
            return
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        status, headers, content = await self.forward(scope, body)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def forward(self, scope: Scope, body: bytes) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        if self.client is None:
            self.client = httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False)
        method = scope["method"]
        target = scope.get("raw_path") or scope["path"].encode()
        query = scope.get("query_string", b"")
        url = self.origin + target.decode("latin-1") + ("?" + query.decode("latin-1") if query else "")
        sent = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, value in scope["headers"]
            if name.decode("latin-1").lower() not in HOP_BY_HOP | {"host"}
        ]
        secrets = key_values(dict(sent))
        try:
            request = self.client.build_request(method, url, headers=sent, content=body)
            response = await self.client.send(request, stream=True)
            try:
                raw = b"".join([chunk async for chunk in response.aiter_raw()])
            finally:
                await response.aclose()
        except httpx.HTTPError as error:
            reason = redactor(secrets)(f"{type(error).__name__}: {error}")
            log.error("%s %s -> no response from the upstream (%s)", method, scope["path"], reason)
            message = f"FinerWorks proxy: no response from {self.origin} ({reason})"
            return 502, [(b"content-type", b"application/json")], httpx.Response(502, json={"Message": message}).content
        # Nothing that goes wrong in checking or recording may change what the integration gets.
        try:
            self.check(method, scope["path"], sent, body, response, raw)
        except Exception as error:
            log.error("%s %s: could not be checked: %s", method, scope["path"], redactor(secrets)(repr(error)))
        if self.recorder is not None:
            try:
                operation = self.checker.operation(method, self._api_path(scope["path"]) or "") or "unknown"
                log.info(
                    "  recorded %s", self.recorder.write(operation, method, url, sent, body, response, raw, secrets)
                )
            except Exception as error:
                log.error("%s %s: could not be recorded: %s", method, scope["path"], redactor(secrets)(repr(error)))
        headers = [(k, v) for k, v in response.headers.raw if k.decode("latin-1").lower() not in HOP_BY_HOP]
        if "content-length" not in response.headers:
            headers.append((b"content-length", str(len(raw)).encode()))
        return response.status_code, headers, raw

    def _api_path(self, path: str) -> str | None:
        """/v3/fetch_order_status -> /fetch_order_status; None outside the upstream's base path."""
        if not path.startswith(self.base_path + "/"):
            return None
        return path[len(self.base_path) :]

    def check(
        self,
        method: str,
        path: str,
        sent: list[tuple[str, str]],
        body: bytes,
        response: httpx.Response,
        raw: bytes,
    ) -> None:
        api_path = self._api_path(path)
        if api_path is None:
            log.warning(
                "%s %s -> %d: outside the API's base path %s, not checked",
                method,
                path,
                response.status_code,
                self.base_path,
            )
            return
        decoded = httpx.Response(response.status_code, headers=response.headers, content=raw).content
        exchange = Exchange(method, api_path, dict(sent), body, response.status_code, response.headers, decoded)
        operation, violations = self.checker.check(exchange)
        verdict = "conforms to openapi.yaml" if not violations else f"{len(violations)} violation(s)"
        log.info("%s %s -> %d %s: %s", method, path, response.status_code, operation, verdict)
        for violation in violations:
            log.warning("  VIOLATION %s", violation)


@contextlib.contextmanager
def running(app: ValidatingProxy, port: int = 0) -> Iterator[str]:
    """The proxy on 127.0.0.1:port (0: a free port) in a background thread: yields its base URL.

    The mock's runner, with uvicorn's own HTTP parser and no Server or Date header of uvicorn's, so
    responses pass through untouched.
    """
    options = {"http": "auto", "lifespan": "auto", "server_header": False, "date_header": False}
    with serve(app, port, timeout_graceful_shutdown=2, **options) as root:
        yield root + app.base_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m finerworks_mock.proxy", description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True, help="the API's base URL: https://test-api.finerworks.com/v3")
    parser.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1 (default 8001; 0 picks a free one)")
    parser.add_argument("--record", type=Path, help="write each exchange as a VCR.py cassette into this directory")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its own line per request would repeat ours
    try:
        app = ValidatingProxy(args.upstream, record=args.record)
        with running(app, args.port) as base_url:
            recording = f"; recording cassettes into {args.record}" if args.record else ""
            print(f"FinerWorks proxy: {base_url} -> {app.origin}{app.base_path}", flush=True)
            print(f"  checking every exchange against openapi.yaml{recording}; Ctrl-C stops it", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                threading.Event().wait()
    except UpstreamError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {error.strerror}", file=sys.stderr)
        return 2
    print("FinerWorks proxy: stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
