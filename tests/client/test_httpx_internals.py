"""Every private httpx / httpcore name the runtime relies on is named in one module
(finerworks_client._runtime.httpx_internals) and checked here: on an httpx that renames or drops
one, this fails naming it, instead of a feature (the deadline, the merged URLs, the bounded body)
quietly going unused. The floor job (tests/client/test_httpx_floor.py) runs it on the lowest httpx
of the declared range."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from finerworks_client import ConfigurationError, FinerWorksClient
from finerworks_client._runtime import httpx_internals
from finerworks_client._runtime.deadline import AsyncDeadlineBackend, DeadlineBackend

from ..support import NOWHERE

RUNTIME = Path(httpx_internals.__file__).parent


def test_the_private_names_exist_and_behave_as_relied_on() -> None:
    httpx_internals.check()


@pytest.mark.parametrize(
    ("owner", "name", "named"),
    [
        (httpx._client.BaseClient, "_merge_url", "_merge_url"),
        (httpx.Response, "json", "json"),
    ],
)
def test_the_check_fails_loudly_when_httpx_changes(
    monkeypatch: pytest.MonkeyPatch, owner: type, name: str, named: str
) -> None:
    monkeypatch.delattr(owner, name)
    with pytest.raises((AssertionError, AttributeError), match=named):
        httpx_internals.check()


def test_a_transport_without_the_pool_hook_is_refused_not_silently_unbounded(monkeypatch: pytest.MonkeyPatch) -> None:
    class Renamed(httpx.HTTPTransport):
        def __init__(self) -> None:
            super().__init__()
            self._connection_pool = self.__dict__.pop("_pool")

    with pytest.raises(ConfigurationError, match="_network_backend"):
        httpx_internals.bound_by_deadline(Renamed())
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    assert httpx_internals.bound_by_deadline(transport) is transport  # not httpx's own: left alone
    assert FinerWorksClient(base_url=NOWHERE, web_api_key="w", app_key="a").get_httpx_client()


def private_names(path: Path) -> set[str]:
    """The private attributes of httpx / httpcore objects a module reads or writes (a._b)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            names.add(node.attr)
    return names


def test_no_other_runtime_module_touches_a_private_httpx_name() -> None:
    """Private names of httpx or httpcore objects appear in httpx_internals.py only. The other
    modules' own private attributes (self._x of the clients) are theirs, and listed here."""
    own = {
        "_settings", "_limits", "_retries", "_pools", "_owns_pools", "_closed", "_check_open",
        "_copy", "_with_options", "_send", "_asend", "_client", "_async_client", "_base_url",
        "_headers", "_cookies", "_timeout", "_httpx_args", "_verify_ssl", "_keep",
    }  # fmt: skip
    httpx_private = {name for name in dir(httpx.Client) + dir(httpx.Response) if name.startswith("_")}
    httpx_private |= {"_pool", "_network_backend", "_content", "_merge_url"}
    for module in sorted(RUNTIME.glob("*.py")):
        if module.name == "httpx_internals.py":
            continue
        touched = (private_names(module) - own) & httpx_private
        assert not touched, f"{module.name} uses httpx's private {sorted(touched)}: move it to httpx_internals.py"


# --- bound_by_deadline: the call's deadline in httpx's own transports ----------------------------------


@pytest.mark.parametrize(
    ("make", "wrapper"),
    [(httpx.HTTPTransport, DeadlineBackend), (httpx.AsyncHTTPTransport, AsyncDeadlineBackend)],
    ids=["sync", "async"],
)
def test_httpx_s_own_transport_gets_the_deadline_in_its_sockets_once(
    make: Any, wrapper: type[DeadlineBackend] | type[AsyncDeadlineBackend]
) -> None:
    transport = make()
    httpx_s = transport._pool._network_backend
    assert httpx_internals.bound_by_deadline(transport) is transport
    bound = transport._pool._network_backend
    assert type(bound) is wrapper and bound.inner is httpx_s
    # a transport given to two clients (or bound again) is not wrapped twice
    assert httpx_internals.bound_by_deadline(transport)._pool._network_backend is bound


def test_an_httpx_without_the_pool_hook_is_named_with_what_to_do() -> None:
    class Renamed(httpx.AsyncHTTPTransport):
        def __init__(self) -> None:
            super().__init__()
            self._connection_pool = self.__dict__.pop("_pool")

    with pytest.raises(ConfigurationError) as raised:
        httpx_internals.bound_by_deadline(Renamed())
    assert str(raised.value) == (
        f"httpx {httpx.__version__} is not supported: its transport has no _pool._network_backend (the call's "
        "deadline needs it); install an httpx of the range finerworks-client declares"
    )


# --- check(): each private name, named when an httpx changes it -----------------------------------------


def after_init(monkeypatch: pytest.MonkeyPatch, owner: type, change: Callable[[Any], None]) -> None:
    """Make owner's instances come out of __init__ changed: an httpx that keeps something elsewhere."""
    init = owner.__init__  # type: ignore[misc]

    def changed(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        change(self)

    monkeypatch.setattr(owner, "__init__", changed)


def no_merge_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(httpx._client.BaseClient, "_merge_url")


def base_url_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    for owner in (httpx.Client, httpx.AsyncClient):
        after_init(monkeypatch, owner, lambda client: setattr(client, "_base_url", str(client._base_url)))


def pool_renamed(monkeypatch: pytest.MonkeyPatch) -> None:
    for owner in (httpx.HTTPTransport, httpx.AsyncHTTPTransport):
        after_init(monkeypatch, owner, lambda transport: setattr(transport, "_pools", transport.__dict__.pop("_pool")))
    monkeypatch.setattr(httpx.HTTPTransport, "close", lambda transport: transport._pools.close())


def backend_renamed(monkeypatch: pytest.MonkeyPatch) -> None:
    def rename(transport: Any) -> None:
        transport._pool._backend = transport._pool.__dict__.pop("_network_backend")

    for owner in (httpx.HTTPTransport, httpx.AsyncHTTPTransport):
        after_init(monkeypatch, owner, rename)


def read_from_the_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(httpx.Response, "read", lambda response: b"".join(response.stream))


def json_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(httpx.Response, "__delattr__", lambda response, name: None)


TRANSPORTS_PROBLEM = (
    "HTTPTransport._pool._network_backend is not a NetworkBackend; "
    "AsyncHTTPTransport._pool._network_backend is not an AsyncNetworkBackend"
)


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        (no_merge_url, "Client._merge_url is gone; AsyncClient._merge_url is gone"),
        (base_url_as_text, "Client._base_url is not an httpx.URL; AsyncClient._base_url is not an httpx.URL"),
        (pool_renamed, TRANSPORTS_PROBLEM),
        (backend_renamed, TRANSPORTS_PROBLEM),
        (read_from_the_stream, "Response keeps its body elsewhere than _content"),
        (json_kept, "Response.json cannot be replaced on an instance"),
    ],
)
def test_the_check_names_each_private_name_an_httpx_changed(
    monkeypatch: pytest.MonkeyPatch, change: Callable[[pytest.MonkeyPatch], None], problems: str
) -> None:
    change(monkeypatch)
    with pytest.raises(AssertionError) as raised:
        httpx_internals.check()
    assert str(raised.value) == f"httpx {httpx.__version__}: {problems}"
