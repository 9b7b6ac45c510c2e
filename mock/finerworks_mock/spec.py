"""openapi.yaml, loaded once, as the mock and the tests need it.

The mock is served at the path of the document's first server URL (`/v3`) on whatever host it
runs, so the OpenAPI object used for request validation gets that relative server instead of
FinerWorks' hosts. Everything else is the document as written.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from openapi_core import OpenAPI
from openapi_schema_validator import OAS31Validator

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi.yaml"


class Spec:
    def __init__(self, path: Path = SPEC_PATH) -> None:
        self.path = path
        self.document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.base_path = urlsplit(self.document["servers"][0]["url"]).path.rstrip("/")
        self._validators: dict[str, OAS31Validator] = {}

    @cached_property
    def openapi(self) -> OpenAPI:
        """openapi-core's view of the document, with the server made relative (`/v3`)."""
        return OpenAPI.from_dict({**self.document, "servers": [{"url": self.base_path}]})

    def validator(self, schema_name: str) -> OAS31Validator:
        """A validator for one of components/schemas, formats included (compiled once)."""
        if schema_name not in self._validators:
            self._validators[schema_name] = self._compile({"$ref": f"#/components/schemas/{schema_name}"})
        return self._validators[schema_name]

    def request_validator(self, operation_id: str) -> OAS31Validator:
        """A new validator for the operation's application/json request body."""
        method, path = self.operations()[operation_id]
        body = self.resolve(self.document["paths"][path][method.lower()]["requestBody"])
        return self._compile(body["content"]["application/json"]["schema"])

    def _compile(self, schema: dict[str, Any]) -> OAS31Validator:
        """An OAS 3.1 validator for a schema of this document, with its $refs inlined first.

        jsonschema looks each $ref up again on every validation, which was half the cost of
        checking a request body. A $ref with sibling keywords becomes an allOf, and a cyclic $ref
        stays a $ref (resolved against the document), so the schema means what the document says.
        """
        inlined = {**self._inline(schema, ()), "components": self.document["components"]}
        return OAS31Validator(inlined, format_checker=OAS31Validator.FORMAT_CHECKER)

    def errors(self, schema_name: str, instance: Any) -> list[str]:
        """Messages for every way instance fails components/schemas/schema_name (empty if valid)."""
        return [
            f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
            for error in self.validator(schema_name).iter_errors(instance)
        ]

    def resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        """node, or the part of the document its local $ref ('#/a/b') points to."""
        if "$ref" not in node:
            return node
        target: Any = self.document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return self.resolve(target)

    def _inline(self, node: Any, refs: tuple[str, ...]) -> Any:
        """node with every local $ref replaced by what it points to (refs: the $refs being inlined)."""
        if isinstance(node, list):
            return [self._inline(item, refs) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if ref is None or ref in refs:
            return {key: self._inline(value, refs) for key, value in node.items()}
        target = self._inline(self.resolve({"$ref": ref}), (*refs, ref))
        siblings = {key: self._inline(value, refs) for key, value in node.items() if key != "$ref"}
        return {"allOf": [target], **siblings} if siblings else target

    def operations(self) -> dict[str, tuple[str, str]]:
        """operationId -> (METHOD, path) of every operation in the document."""
        return {
            operation["operationId"]: (method.upper(), path)
            for path, item in self.document["paths"].items()
            for method, operation in item.items()
        }
