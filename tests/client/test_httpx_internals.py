"""Every private httpx / httpcore name the runtime relies on is named in one module
(finerworks_client._runtime.httpx_internals) and checked here: on an httpx that renames or drops
one, this fails naming it, instead of a feature (the deadline, the merged URLs, the bounded body)
quietly going unused. The floor job (tests/client/test_httpx_floor.py) runs it on the lowest httpx
of the declared range."""

from __future__ import annotations

import ast
from pathlib import Path

import httpx
import pytest
from finerworks_client import ConfigurationError, FinerWorksClient
from finerworks_client._runtime import httpx_internals

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
