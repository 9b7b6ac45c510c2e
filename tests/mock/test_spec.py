"""The mock's loader of OpenAPI documents (spec.py): $refs resolved by referencing, each relative to the
document that holds it; references into another file bundled in; the one route table."""

from __future__ import annotations

from pathlib import Path

import pytest
from finerworks_mock.spec import Spec, member_path

OTHER = """\
openapi: 3.1.0
info: {title: other, version: '1'}
paths: {}
components:
  schemas:
    Parcel:
      type: object
      properties:
        size: {$ref: '#/components/schemas/Size'}
    Size: {type: integer, minimum: 1}
"""

MINE = """\
openapi: 3.1.0
info: {title: mine, version: '1'}
servers: [{url: /api}]
paths:
  /send:
    post:
      operationId: send
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Send'}
      responses: {'200': {description: ok}}
components:
  schemas:
    Send:
      type: object
      properties:
        parcel: {$ref: 'other.yaml#/components/schemas/Parcel'}
"""


def test_a_schema_of_another_file_is_bundled_with_what_it_refers_to(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text(OTHER)
    (tmp_path / "mine.yaml").write_text(MINE)
    spec = Spec(tmp_path / "mine.yaml")
    schemas = spec.document["components"]["schemas"]
    assert set(schemas) == {"Send", "Parcel", "Size"}
    assert schemas["Send"]["properties"]["parcel"] == {"$ref": "#/components/schemas/Parcel"}
    validator = spec.request_validator("send")
    assert validator.is_valid({"parcel": {"size": 2}})
    assert not validator.is_valid({"parcel": {"size": 0}})  # Size, reached through the other file


def test_a_name_defined_in_both_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text(OTHER)
    (tmp_path / "mine.yaml").write_text(MINE + "    Size: {type: string}\n")
    with pytest.raises(ValueError, match=r"schemas \['Size'\] are defined here and in a referenced document"):
        Spec(tmp_path / "mine.yaml")


def test_the_route_table(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text(OTHER)
    (tmp_path / "mine.yaml").write_text(MINE)
    spec = Spec(tmp_path / "mine.yaml")
    routes = spec.routes()
    assert routes.find("POST", "/api/send") == "send"
    assert routes.find("GET", "/api/send") is None
    assert routes.allowed("/api/send") == "POST" and routes.allowed("/api/nothing") is None
    assert spec.routes(prefix="").find("POST", "/send") == "send"


def test_a_path_items_own_members_and_a_default_response_are_read_as_openapi_means_them(tmp_path: Path) -> None:
    """A path item's parameters, summary or servers are no operation, and a `default` or `4XX` response
    names no one status: a document that has them is served, not refused with a traceback."""
    (tmp_path / "other.yaml").write_text(OTHER)
    mine = MINE.replace(
        "  /send:\n",
        "  /send:\n    summary: sending\n    parameters: [{name: q, in: query, schema: {type: string}}]\n",
    ).replace(
        "responses: {'200': {description: ok}}",
        "responses: {'200': {description: ok}, default: {description: no}, 4XX: {description: no}}",
    )
    (tmp_path / "mine.yaml").write_text(mine)
    spec = Spec(tmp_path / "mine.yaml")
    assert spec.operations() == {"send": ("POST", "/send")}
    assert spec.routes().allowed("/api/send") == "POST"
    assert list(spec.responses("send")) == [200]


def test_member_paths() -> None:
    assert member_path(["orders", 2, "order_po"]) == "orders[2].order_po"
    assert member_path([0, "a"], "request") == "request[0].a"
    assert member_path([]) == ""
