"""Every cassette in tests/cassettes/ is a regression test: it must match openapi.yaml and replay through the client.

A cassette is a real exchange in VCR.py's format, recorded by `make proxy RECORD=...` (the mock-*
ones by `make cassettes`; others contributed from the sandbox). For each one:
- its response must conform to openapi.yaml, and a request that openapi.yaml forbids must have
  been refused (4xx); a failure names the cassette, the operation and the member;
- vcrpy replays it to the generated client, which must send the same request and parse the
  recorded response into the documented model.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import vcr
from finerworks_client import Client
from finerworks_mock.cassettes import load
from finerworks_mock.conformance import KEY_HEADERS, REDACTED, Checker, Exchange, Spec

from scripts.cassettes import CASSETTES, MOCK_ORIGIN, SCENARIOS, SEED_PREFIX, endpoint, record

FILES = sorted(CASSETTES.glob("*.yaml"))


@pytest.fixture(scope="module")
def checker(spec: Spec) -> Checker:
    return Checker(spec)


def problems(checker: Checker, path: Path) -> list[str]:
    """What is wrong with a cassette, as lines that name it: empty when it matches openapi.yaml."""
    found = []
    for number, exchange in enumerate(load(path, checker.spec), 1):
        _, violations = checker.check(exchange)
        where = f"{path.name} (interaction {number}, {exchange.method} {exchange.url} -> {exchange.status})"
        found += [f"{where}: {v}" for v in violations if v.direction == "response"]
        refused = 400 <= exchange.status < 500
        found += [
            f"{where}: openapi.yaml forbids this request, yet the server accepted it: {v}"
            for v in violations
            if v.direction == "request" and not refused
        ]
    return found


def test_the_seed_set_covers_every_operation(spec: Spec) -> None:
    seeds = [path.name for path in FILES if path.name.startswith(SEED_PREFIX)]
    assert seeds == sorted(f"{SEED_PREFIX}{name}.yaml" for name, *_ in SCENARIOS), "run `make cassettes`"
    assert {operation for _, operation, *_ in SCENARIOS} == set(spec.operations())


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_cassette_matches_openapi_yaml(checker: Checker, path: Path) -> None:
    assert not problems(checker, path), "\n".join(problems(checker, path))


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_cassette_replays_through_the_generated_client(spec: Spec, path: Path) -> None:
    exchanges = load(path, spec)
    with vcr.use_cassette(str(path), record_mode="none", allow_playback_repeats=False) as cassette:
        for exchange in exchanges:
            replay(spec, path, exchange)
        assert cassette.all_played, f"{path.name}: the client did not send every recorded request"


def replay(spec: Spec, path: Path, exchange: Exchange) -> None:
    operation = Checker(spec).operation(exchange.method, exchange.path)
    assert operation, f"{path.name}: {exchange.method} {exchange.url} is not an operation of openapi.yaml"
    module, model = endpoint(spec, operation)
    base_url = urlsplit(exchange.url)._replace(query="").geturl().removesuffix(exchange.path)
    keys = {name: "replayed" for name in KEY_HEADERS if name in {h.lower() for h in exchange.request_headers}}
    with Client(base_url=base_url, headers=keys) as client:
        response = module.sync_detailed(client=client, body=model.from_dict(json.loads(exchange.request_body)))
    assert response.status_code == exchange.status, path.name
    method, api_path = spec.operations()[operation]
    documented = spec.resolve(spec.document["paths"][api_path][method.lower()]["responses"][str(exchange.status)])
    model_name = documented["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert type(response.parsed).__name__ == model_name, f"{path.name}: parsed as {response.parsed!r}"


# The check above can fail: a cassette whose response has drifted from openapi.yaml is reported
# with its name and the member.


def test_a_drifted_cassette_is_reported_with_its_name_and_member(checker: Checker, tmp_path: Path) -> None:
    source = CASSETTES / f"{SEED_PREFIX}fetchOrderStatus-byOrderIds.yaml"
    drifted = tmp_path / "sandbox-fetchOrderStatus-drifted.yaml"
    text = source.read_text(encoding="utf-8")
    drifted.write_text(re.sub(r'"shipment_date":"[^"]+"', '"shipment_date":1736883643', text, count=1))
    assert problems(checker, source) == []
    (problem,) = problems(checker, drifted)
    assert problem.startswith("sandbox-fetchOrderStatus-drifted.yaml (interaction 1, POST ")
    assert "fetchOrderStatus response orders[0].shipments[0].shipment_date" in problem
    assert "1736883643" in problem


def test_a_forbidden_request_that_was_accepted_is_reported(checker: Checker, tmp_path: Path) -> None:
    source = CASSETTES / f"{SEED_PREFIX}fetchOrderStatus-noKeys-401.yaml"
    accepted = tmp_path / "accepted-without-keys.yaml"
    lenient = source.read_text(encoding="utf-8").replace("code: 401", "code: 200")
    accepted.write_text(lenient, encoding="utf-8")
    found = problems(checker, accepted)
    assert any("forbids this request, yet the server accepted it" in line and "(headers)" in line for line in found)


def test_cassettes_hold_no_key_values(spec: Spec) -> None:
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        for exchange in load(path, spec):
            for name, value in exchange.request_headers.items():
                assert name.lower() not in KEY_HEADERS or value == REDACTED, path.name
        assert "recording-web-api-key" not in text and "recording-app-key" not in text, path.name


def test_make_cassettes_records_every_scenario_through_the_proxy(spec: Spec, tmp_path: Path) -> None:
    written = record(tmp_path)
    assert [path.name for path in written] == [f"{SEED_PREFIX}{name}.yaml" for name, *_ in SCENARIOS]
    exchanges = [load(path, spec)[0] for path in written]
    assert all(exchange.url.startswith(MOCK_ORIGIN + "/v3/") for exchange in exchanges)
    statuses = [exchange.status for exchange in exchanges]
    expected = [int(name.rsplit("-", 1)[1]) if name[-3:].isdigit() else 200 for name, *_ in SCENARIOS]
    assert statuses == expected
