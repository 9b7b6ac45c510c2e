"""Provenance of openapi.yaml: every operation, response and schema member says where its claim
comes from (`x-evidence`), in a shape a reader and this test can tell apart:

    x-evidence:
      kind: documented | observed | inferred
      pages: [https://....finerworks.com/Help/...]      # FinerWorks' help pages
      observations: [{repo: owner/name, path: file, what: what it shows}]   # public integrations
      reasoning: why, when neither says it                # an inference
      note: where the sources are thin or disagree        # optional

`kind` names the strongest source, and the field of that kind must be there: documented -> pages,
observed -> observations, inferred -> reasoning. The other fields may support it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from finerworks_mock.spec import Spec

SHARED = Path(__file__).resolve().parents[3] / "shared"
PAGES_DIR = SHARED / "finerworks-pages"
KINDS = {"documented": "pages", "observed": "observations", "inferred": "reasoning"}
FIELDS = {"kind", "pages", "observations", "reasoning", "note"}
PAGE = re.compile(
    r"https://(api|test-api|v2\.api)\.finerworks\.com/(Help(/Api/[A-Z]+-v3-\w+|/ResourceModel\?modelName=\w+)?|Documentation)"
)
# The public integrations the observations come from (issue 19 names them; the last records the
# state_code refusal and the null orders of test mode).
INTEGRATIONS = {
    "corsairdev/corsair": "packages/finerworks/",
    "timothyjosephmurphy/vermillionaurora": "cloudflare/finerworks-",
    "cmd-not-found/finerworks": "",
    "Starboymunir/neverland-prints-brain": "src/services/finerworks.js",
}


def problems(evidence: Any) -> list[str]:
    """What is wrong with one x-evidence value (empty: nothing)."""
    if not isinstance(evidence, dict):
        return ["missing"]
    found = []
    if set(evidence) - FIELDS:
        found.append(f"unknown fields {sorted(set(evidence) - FIELDS)}")
    kind = evidence.get("kind")
    if kind not in KINDS:
        return [*found, f"kind {kind!r} is not one of {sorted(KINDS)}"]
    if not evidence.get(KINDS[kind]):
        found.append(f"kind {kind} without {KINDS[kind]}")
    for page in evidence.get("pages", []):
        if not PAGE.fullmatch(page):
            found.append(f"not a FinerWorks help page: {page}")
    for observation in evidence.get("observations", []):
        if not (isinstance(observation, dict) and set(observation) == {"repo", "path", "what"}):
            found.append(f"an observation needs repo, path and what: {observation}")
        elif not observation["path"].startswith(INTEGRATIONS.get(observation["repo"], "\0")):
            found.append(f"not a file of a known integration: {observation['repo']} {observation['path']}")
    for text in ("reasoning", "note"):
        if text in evidence and not (isinstance(evidence[text], str) and evidence[text].strip()):
            found.append(f"{text} is empty")
    return found


def claims(spec: Spec) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, the object that must carry x-evidence) for every operation, response, member, server."""
    document = spec.document
    for server in document["servers"]:
        yield f"server {server['url']}", server
    for name, scheme in document["components"]["securitySchemes"].items():
        yield f"securityScheme {name}", scheme
    for operation_id, (method, path) in spec.operations().items():
        operation = document["paths"][path][method.lower()]
        yield operation_id, operation
        for status, response in operation["responses"].items():
            yield f"{operation_id} response {status}", spec.resolve(response)
    for name, item in document.get("webhooks", {}).items():
        for method, operation in item.items():
            yield f"webhook {name} {method}", operation
            for status, response in operation.get("responses", {}).items():
                yield f"webhook {name} response {status}", spec.resolve(response)
    for name, schema in document["components"]["schemas"].items():
        for member, subschema in schema.get("properties", {}).items():
            # A member that only points to another schema has that schema's evidence.
            target = spec.resolve(subschema) if set(subschema) == {"$ref"} else subschema
            yield f"{name}.{member}", target


def test_every_operation_response_and_member_says_where_its_claim_comes_from(spec: Spec) -> None:
    found = {where: problems(node.get("x-evidence")) for where, node in claims(spec)}
    assert {where: issues for where, issues in found.items() if issues} == {}
    assert len(found) > 80


@pytest.mark.parametrize(
    ("evidence", "fragment"),
    [
        (None, "missing"),
        ({"kind": "documented"}, "without pages"),
        ({"kind": "observed", "pages": ["https://api.finerworks.com/Documentation"]}, "without observations"),
        ({"kind": "inferred", "note": "x"}, "without reasoning"),
        ({"kind": "guessed", "reasoning": "x"}, "is not one of"),
        ({"kind": "documented", "pages": ["https://example.com/Help"]}, "not a FinerWorks help page"),
        ({"kind": "observed", "observations": [{"repo": "someone/else", "path": "a.js", "what": "x"}]}, "known"),
        ({"kind": "observed", "observations": [{"repo": "corsairdev/corsair", "path": "client.ts"}]}, "repo, path"),
        ({"kind": "inferred", "reasoning": "x", "source": "y"}, "unknown fields"),
    ],
)
def test_the_check_refuses_evidence_that_does_not_say_where(evidence: Any, fragment: str) -> None:
    assert any(fragment in problem for problem in problems(evidence))


def test_the_claims_issue_19_found_unsourced_now_say_they_are_inferred(spec: Spec) -> None:
    responses = spec.document["components"]["responses"]
    for name in ("OrderNotFound", "OrderInProduction", "PayloadTooLarge", "UnsupportedMediaType", "TooManyRequests"):
        assert responses[name]["x-evidence"]["kind"] == "inferred", name
    shipment = spec.document["components"]["schemas"]["Shipment"]["properties"]
    assert {shipment[member]["x-evidence"]["kind"] for member in ("weight", "width", "height", "depth")} == {"inferred"}
    delete = spec.operation("deletePendingOrders")
    assert "not documented" in delete["description"] and "ignored" not in delete["description"].split("mock")[0]


def test_every_cited_page_is_one_of_finerworks_pages_we_hold(spec: Spec) -> None:
    """Each page cited is among the excerpts of ../shared/finerworks-pages (or a seed page's Uri)."""
    if not PAGES_DIR.is_dir():
        pytest.skip(f"FinerWorks page excerpts not found at {PAGES_DIR}")
    held = " ".join(path.read_text(encoding="utf-8") for path in PAGES_DIR.glob("*.txt"))
    cited = {page for _, node in claims(spec) for page in node.get("x-evidence", {}).get("pages", [])}
    # The help index and Documentation pages are cited by their address; the others by theirs too.
    assert sorted(page for page in cited if page not in held) == []


def test_operations_documented_on_one_host_say_so(spec: Spec) -> None:
    delete = spec.operation("deletePendingOrders")
    assert {urlhost(page) for page in delete["x-evidence"]["pages"]} == {"v2.api.finerworks.com"}
    assert "v2 host" in delete["description"] and "only" in delete["description"]
    hosts = {server["x-environment"]: urlhost(server["url"]) for server in spec.document["servers"]}
    assert hosts["v2"] == "v2.api.finerworks.com"


def urlhost(url: str) -> str:
    return url.split("/")[2]
