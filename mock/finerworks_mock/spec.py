"""An OpenAPI document, loaded once, as the mock, the repository's scripts and the tests read it.

The one loader of openapi.yaml: the mock serves from it, scripts/generate.py and scripts/fuzz.py
read it through it, and so does the admin API's own document (admin.yaml), which refers to
openapi.yaml's schemas (`openapi.yaml#/components/schemas/Address`). Every `$ref`, to the same
document or to another file, is resolved by `referencing` (the library jsonschema resolves with),
each relative to the document that holds it; a schema of another file is bundled in when the
document is loaded (Spec._bundle), so the document is self-contained for every consumer.

Which openapi.yaml: the package carries a copy (written by scripts/generate.py, drift-checked by
`make check-generated`). In a checkout of the repository, where this package sits in mock/ beside
the real openapi.yaml, that file is read instead, so an edit of the spec is served before
`make generate` copies it.

The mock is served at the path of the document's first server URL (`/v3`) on whatever host it
runs, so the OpenAPI object used for request validation gets that relative server instead of
FinerWorks' hosts. Everything else is the document as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin, urlsplit

import yaml

if TYPE_CHECKING:  # imported where used: a script that only reads the document skips them
    from openapi_core import OpenAPI
    from openapi_schema_validator import OAS31Validator
    from referencing import Registry

PACKAGE = Path(__file__).resolve().parent
_CHECKOUT_SPEC = PACKAGE.parents[1] / "openapi.yaml"
SPEC_PATH = _CHECKOUT_SPEC if PACKAGE.parent.name == "mock" and _CHECKOUT_SPEC.is_file() else PACKAGE / "openapi.yaml"
ADMIN_SPEC_PATH = PACKAGE / "admin.yaml"
JSON_MEDIA_TYPES = ("application/json",)


class Spec:
    def __init__(self, path: Path = SPEC_PATH) -> None:
        self.path = path
        self.uri = path.resolve().as_uri()
        self.document: dict[str, Any] = self._bundle(load_yaml(path.read_text(encoding="utf-8")))
        self.base_path = urlsplit(self.document["servers"][0]["url"]).path.rstrip("/")
        # Media types FinerWorks accepts as the same JSON as application/json (text/json).
        self.json_aliases = frozenset(self.document.get("x-json-media-type-aliases", ()))
        self._validators: dict[str, OAS31Validator] = {}
        # By id() of a schema of the document (or of _named), which live as long as the Spec.
        self._shapes: dict[int, tuple[list[str], dict[str, Any], dict[str, Any] | None] | None] = {}
        self._named: dict[str, dict[str, Any]] = {}

    @cached_property
    def openapi(self) -> OpenAPI:
        """openapi-core's view of the document, with the server made relative (`/v3`)."""
        from openapi_core import OpenAPI

        return OpenAPI.from_dict({**self.document, "servers": [{"url": self.base_path}]}, base_uri=self.uri)

    @cached_property
    def registry(self) -> Registry[Any]:
        """referencing's registry of this (bundled) document; another file is read (once) when referred to."""
        return self._registry(self.document)

    def _registry(self, document: dict[str, Any]) -> Registry[Any]:
        """A registry holding document at this Spec's URI; another file is read (once) when referred to."""
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        @cache
        def retrieve(uri: str) -> Resource[Any]:
            path = Path(urlsplit(uri).path)
            return Resource.from_contents(load_yaml(path.read_text(encoding="utf-8")), DRAFT202012)

        registry: Registry[Any] = Registry(retrieve=retrieve)  # type: ignore[call-arg]
        known: Registry[Any] = registry.with_resource(self.uri, Resource.from_contents(document, DRAFT202012))
        return known

    def _bundle(self, document: dict[str, Any]) -> dict[str, Any]:
        """document with each schema it refers to in another file (admin.yaml's
        'openapi.yaml#/components/schemas/Shipment') copied into its components/schemas, with the
        schemas that one refers to, and the $refs made local: a self-contained document, which every
        consumer (openapi-core, the compiled validators, code that walks components) reads alike.
        The references are resolved by referencing, relative to the document that holds each."""
        copied: dict[str, Any] = {}
        written: list[Registry[Any]] = []  # the registry of the document as written, made on first use

        def find(absolute: str) -> tuple[Any, str]:
            if not written:
                written.append(self._registry(document))
            return written[0].resolver().lookup(absolute).contents, urldefrag(absolute)[0]

        def visit(node: Any, base: str) -> Any:
            if isinstance(node, list):
                return [visit(item, base) for item in node]
            if not isinstance(node, dict):
                return node
            ref = node.get("$ref")
            if isinstance(ref, str) and not (base == self.uri and ref.startswith("#")):
                absolute = urljoin(base, ref)
                fragment = urldefrag(absolute)[1]
                if not fragment.startswith("/components/schemas/"):
                    raise ValueError(f"{self.path}: only schemas of another document can be referred to, not {ref}")
                name = fragment.rsplit("/", 1)[-1]
                if name not in copied:
                    copied[name] = None  # being copied: a schema that refers back to itself is not copied twice
                    target, target_base = find(absolute)
                    copied[name] = visit(target, target_base)
                node = {**node, "$ref": "#/components/schemas/" + name}
            return {key: visit(value, base) for key, value in node.items()}

        bundled: dict[str, Any] = visit(document, self.uri)
        if copied:
            schemas = bundled.setdefault("components", {}).setdefault("schemas", {})
            clash = sorted(copied.keys() & schemas.keys())
            if clash:
                raise ValueError(f"{self.path}: schemas {clash} are defined here and in a referenced document")
            schemas.update(copied)
        return bundled

    def lookup(self, ref: str, base: str | None = None) -> tuple[Any, str]:
        """What ref (relative to the document at base: this one by default) points to, and the URI
        of the document that holds it."""
        absolute = urljoin(base or self.uri, ref)
        return self.registry.resolver().lookup(absolute).contents, urldefrag(absolute)[0]

    def validator(self, schema_name: str, *, strict_integers: bool = False) -> OAS31Validator:
        """A validator for one of components/schemas, formats included (compiled once).

        strict_integers: an integer must be written as one (JSON Schema counts 1002.0 as an integer)."""
        key = f"{schema_name} strict" if strict_integers else schema_name
        if key not in self._validators:
            self._validators[key] = self._compile({"$ref": f"#/components/schemas/{schema_name}"}, strict_integers)
        return self._validators[key]

    def operation(self, operation_id: str) -> dict[str, Any]:
        """The operation object of operation_id."""
        method, path = self.operations()[operation_id]
        operation: dict[str, Any] = self.document["paths"][path][method.lower()]
        return operation

    def media_types(self, operation_id: str) -> frozenset[str]:
        """The media types the operation's request body may be sent as, aliases included (empty: it
        takes no body)."""
        body = self.operation(operation_id).get("requestBody")
        return frozenset(self.resolve(body)["content"]) | self.json_aliases if body else frozenset()

    def request_validator(self, operation_id: str, *, strict_integers: bool = False) -> OAS31Validator:
        """A new validator for the operation's JSON request body (strict_integers: see validator)."""
        content = self.resolve(self.operation(operation_id)["requestBody"])["content"]
        media_type = next(name for name in content if name in JSON_MEDIA_TYPES or name.endswith("/json"))
        return self._compile(content[media_type]["schema"], strict_integers)

    def response_validator(self, operation_id: str, status: int) -> OAS31Validator | None:
        """A new validator for the operation's JSON response body of status (None: no JSON body documented)."""
        content = self.responses(operation_id)[status].get("content", {})
        media_type = next((name for name in content if name in JSON_MEDIA_TYPES or name.endswith("/json")), None)
        if media_type is None or "schema" not in content[media_type]:
            return None
        return self._compile(content[media_type]["schema"])

    def responses(self, operation_id: str) -> dict[int, dict[str, Any]]:
        """HTTP status -> the operation's documented response ($refs resolved); a `default` or `4XX`
        response names no one status, and is not among them."""
        return {
            int(code): self.resolve(response)
            for code, response in self.operation(operation_id)["responses"].items()
            if str(code).isdigit()
        }

    def _compile(self, schema: dict[str, Any], strict_integers: bool = False) -> OAS31Validator:
        """An OAS 3.1 validator for a schema of this document, with its $refs inlined first.

        jsonschema looks each $ref up again on every validation, which was half the cost of
        checking a request body. A $ref with sibling keywords becomes an allOf, and a cyclic $ref
        stays a $ref (made absolute, and resolved by the same registry), so the schema means what
        the document says.
        """
        from openapi_schema_validator import OAS31Validator

        inlined = self._inline(schema, self.uri, ())
        validator = strict_integer_validator() if strict_integers else OAS31Validator
        return validator(inlined, registry=self.registry, format_checker=OAS31Validator.FORMAT_CHECKER)

    def complete(self, schema: dict[str, Any] | str, value: Any) -> Any:
        """value with every required, nullable member it leaves out written as null, at every level
        its schema (a schema of this document, or the name of one of components/schemas) reaches
        through properties and items.

        FinerWorks writes every member, null or not; a fixture, an admin request or a handler of the
        mock writes only what it knows. So a member openapi.yaml adds as required and nullable is in
        every answer without anything else changing, and an optional one (added later, present on
        some servers only) stays out until something writes it. value is not changed; members the
        schema does not name are kept as they are.
        """
        if isinstance(schema, str):
            schema = self._named.setdefault(schema, {"$ref": f"#/components/schemas/{schema}"})
        shape = self._shape(schema)
        if shape is None:
            return value
        nulls, members, items = shape
        if isinstance(value, dict):
            filled = {name: None for name in nulls if name not in value}
            done = {
                name: self.complete(members[name], item) if name in members else item for name, item in value.items()
            }
            return {**done, **filled} if filled else done
        if isinstance(value, list) and items is not None:
            return [self.complete(items, item) for item in value]
        return value

    def _shape(self, schema: dict[str, Any]) -> tuple[list[str], dict[str, Any], dict[str, Any] | None] | None:
        """(required nullable members, member schemas, items schema) of a schema, $ref resolved (cached)."""
        key = id(schema)
        if key not in self._shapes:
            node = self.resolve(schema)
            members = node.get("properties") or {}
            nulls = [
                name for name in node.get("required") or () if name in members and nullable(self.resolve(members[name]))
            ]
            items = node.get("items") if isinstance(node.get("items"), dict) else None
            self._shapes[key] = (nulls, members, items) if members or items else None
        return self._shapes[key]

    def errors(self, schema_name: str, instance: Any) -> list[str]:
        """Messages for every way instance fails components/schemas/schema_name (empty if valid)."""
        return [
            f"{member_path(error.absolute_path) or '(root)'}: {error.message}"
            for error in self.validator(schema_name).iter_errors(instance)
        ]

    def resolve(self, node: dict[str, Any], base: str | None = None) -> dict[str, Any]:
        """node, or what its $ref (followed as far as it goes) points to; base: the URI of the
        document that holds node (this one by default)."""
        base = base or self.uri
        while "$ref" in node:
            node, base = self.lookup(node["$ref"], base)
        return node

    def _inline(self, node: Any, base: str, refs: tuple[str, ...]) -> Any:
        """node with every $ref replaced by what it points to, each resolved relative to the
        document that holds it (base; refs: the absolute $refs being inlined)."""
        if isinstance(node, list):
            return [self._inline(item, base, refs) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        siblings = {key: self._inline(value, base, refs) for key, value in node.items() if key != "$ref"}
        if not isinstance(ref, str):
            return siblings
        absolute = urljoin(base, ref)
        if absolute in refs:  # a cycle: left to jsonschema, which resolves it through the registry
            return {"$ref": absolute, **siblings}
        target, target_base = self.lookup(absolute)
        inlined = self._inline(target, target_base, (*refs, absolute))
        return {"allOf": [inlined], **siblings} if siblings else inlined

    def routes(self, prefix: str | None = None) -> Routes:
        """The document's route table, its paths under prefix (default: the base path, `/v3`): every
        method FinerWorks documents for a path (x-accepted-methods) routes to the same operation."""
        prefix = self.base_path if prefix is None else prefix
        return Routes(
            (method, prefix + path, operation)
            for operation, (_, path) in self.operations().items()
            for method in self.accepted_methods(operation)
        )

    def accepted_methods(self, operation_id: str) -> tuple[str, ...]:
        """Every method FinerWorks documents for the operation's path: its own method first, then
        the others of its `x-accepted-methods` (the same operation, sent with another verb)."""
        method, _ = self.operations()[operation_id]
        others = (str(m).upper() for m in self.operation(operation_id).get("x-accepted-methods", ()))
        return tuple(dict.fromkeys((method, *others)))

    def operations(self) -> dict[str, tuple[str, str]]:
        """operationId -> (METHOD, path) of every operation in the document (a path item's other
        members, such as its parameters or summary, are no operation)."""
        return {
            operation["operationId"]: (method.upper(), path)
            for path, item in self.document["paths"].items()
            for method, operation in item.items()
            if method in HTTP_METHODS
        }


# The members of a path item that are operations.
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def strict_integer_validator() -> type[OAS31Validator]:
    """OAS31Validator whose integers are ints only (not 1002.0, not True)."""
    from jsonschema.validators import extend  # type: ignore[import-untyped]
    from openapi_schema_validator import OAS31Validator

    checker = OAS31Validator.TYPE_CHECKER.redefine(
        "integer", lambda _, value: isinstance(value, int) and not isinstance(value, bool)
    )
    strict: type[OAS31Validator] = extend(OAS31Validator, type_checker=checker)
    return strict


class Routes:
    """(METHOD, path) -> operationId of a document's operations, and the methods each path allows:
    the one route table of the mock, its admin API and its tools."""

    def __init__(self, routes: Iterable[tuple[str, str, str]]) -> None:
        """routes: (METHOD, path, operationId), an operation sent with several methods once for each."""
        self.operations = {(method, path): operation_id for method, path, operation_id in routes}
        self._allowed: dict[str, list[str]] = {}
        for method, path in self.operations:
            self._allowed.setdefault(path, []).append(method)

    def find(self, method: str, path: str) -> str | None:
        """The operationId served at METHOD path, or None."""
        return self.operations.get((method, path))

    def allowed(self, path: str) -> str | None:
        """The methods path allows, for an Allow header (`POST, PUT`); None if it is no operation's path."""
        methods = self._allowed.get(path)
        return ", ".join(methods) if methods else None


def load_yaml(text: str) -> Any:
    """An OpenAPI document's YAML as data, safely, with libyaml's parser where PyYAML has it: 8x
    faster than PyYAML's own. (Fixtures files keep PyYAML's parser, which reads escapes such as a
    lone surrogate that libyaml refuses, so that the store can name the field that holds one.)"""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def member_path(parts: Iterable[str | int], root: str = "") -> str:
    """A path into a JSON value as people write it: ("orders", 2, "order_po") -> `orders[2].order_po`;
    with a root, `request.orders[2].order_po`. The one formatter of the mock and its tools."""
    text = root + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in parts)
    return text if root else text.lstrip(".")


def nullable(schema: dict[str, Any]) -> bool:
    """True if a schema allows null (type: [..., 'null'], or a oneOf/anyOf with a null branch)."""
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(nullable(branch) for branch in schema.get("oneOf", []) + schema.get("anyOf", []))


def leaves(error: Any) -> list[Any]:
    """The jsonschema errors that say what is wrong: for an anyOf/oneOf that some branches fail
    only by type (such as the null of a nullable $ref), those of the branches the value was meant
    for. Any other combination is a rule, reported as itself (by its description)."""
    if error.validator in ("anyOf", "oneOf") and error.context:
        deeper = [sub for sub in error.context if not (sub.validator == "type" and not sub.relative_path)]
        if deeper and len(deeper) < len(error.context):
            return [leaf for sub in deeper for leaf in leaves(sub)]
    return [error]
