"""make bench: our client and mock against what a user would pick instead, measured side by side.

Prints a table and writes it to bench/results.md with the machine, versions and date. Every
figure that matters is a ratio of two things measured in the same run, alternating rounds, so a
noisy machine moves both sides alike. Not part of `make test`.

    python -m bench.run [--quick]   # --quick: fewer rounds and a shorter load, for a smoke run
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import datetime
import gc
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from finerworks_client import AsyncFinerWorksClient, Client, FinerWorksClient
from finerworks_client.api.orders import fetch_order_status
from finerworks_client.models import FetchOrderStatusRequest, FetchOrderStatusResponse
from finerworks_mock import create_app, serve
from finerworks_mock.spec import Spec

from bench import handwritten_models

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
KEYS = {"web_api_key": "bench-web-api-key", "app_key": "bench-app-key"}
FETCH_BODY = {"order_ids": [123456]}


@dataclass
class Row:
    section: str
    what: str
    ours: str
    peer: str
    ratio: float | None
    goal: str
    met: bool | None

    def verdict(self) -> str:
        if self.met is None:
            return ""
        return "met" if self.met else f"missed ({self.ratio:.3f}x)" if self.ratio is not None else "missed"


def interleaved(
    variants: dict[str, Callable[[], object]], rounds: int, calls: int, *, collector: bool = True
) -> dict[str, float]:
    """Median seconds per call of each variant, over rounds that run every variant in turn.

    Each sample starts from a just-collected heap, so whether Python's garbage collector makes a
    full pass inside a sample depends on what that variant allocates, not on what ran before it
    (without this, json.loads of the 10,000 orders took 45 or 67 ms by luck). collector=False
    pauses the collector during the samples, as timeit does.
    """
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, run in variants.items():
            gc.collect()
            if not collector:
                gc.disable()
            start = time.perf_counter()
            for _ in range(calls):
                run()
            samples[name].append((time.perf_counter() - start) / calls)
            gc.enable()
    return {name: statistics.median(values) for name, values in samples.items()}


def seed_response(spec: Spec) -> dict[str, Any]:
    return spec.document["components"]["examples"]["FetchOrderStatusShippedResponse"]["value"]


# 1. Per-call client cost ---------------------------------------------------------------------


IN_MEMORY_URL = "http://bench.invalid/v3"


def in_memory_transport(spec: Spec) -> httpx.MockTransport:
    """A transport that answers every request with the seed's fetchOrderStatus response."""
    payload = json.dumps(seed_response(spec)).encode()
    return httpx.MockTransport(
        lambda request: httpx.Response(200, content=payload, headers={"content-type": "application/json"})
    )


@contextlib.contextmanager
def callers(base_url: str, transport: httpx.BaseTransport | None) -> Iterator[dict[str, Callable[[], object]]]:
    """The same fetchOrderStatus call made four ways: raw httpx, the generated Client, and FinerWorksClient
    through the operation module and through its resource."""
    extra = {"transport": transport} if transport else {}
    body = FetchOrderStatusRequest.from_dict(FETCH_BODY)
    raw = httpx.Client(base_url=base_url, headers=KEYS, **extra)
    plain = Client(base_url=base_url, headers=KEYS, httpx_args=extra)
    ours = FinerWorksClient(base_url=base_url, httpx_args=dict(extra), max_retries=0, **KEYS)
    with raw, plain, ours:
        yield {
            "raw": lambda: raw.post("/fetch_order_status", json=FETCH_BODY).json(),
            "plain": lambda: fetch_order_status.sync(client=plain, body=body),
            "ours": lambda: fetch_order_status.sync(client=ours, body=body),
            "resource": lambda: ours.orders.fetch_status(**FETCH_BODY),
        }


LABELS = {
    "plain": "generated Client",
    "ours": "FinerWorksClient (operation module)",
    "resource": "FinerWorksClient.orders.fetch_status",
}


def client_cost(spec: Spec, rounds: int, calls: int) -> list[Row]:
    rows = []
    with serve(create_app()) as root:
        for where, base_url, transport in (
            ("in-memory transport", IN_MEMORY_URL, in_memory_transport(spec)),
            ("loopback to the mock", root + "/v3", None),
        ):
            with callers(base_url, transport) as variants:
                times = interleaved(variants, rounds, calls)
            for name, label in LABELS.items():
                ratio = times[name] / times["raw"]
                rows.append(
                    Row(
                        "1. client per call",
                        f"fetch_order_status, {where}: {label} vs httpx .post().json()",
                        f"{times[name] * 1e6:.0f} µs",
                        f"{times['raw'] * 1e6:.0f} µs",
                        ratio,
                        "<= 1.10x",
                        ratio <= 1.10,
                    )
                )
    return rows


def make_calls(variant: str, calls: int) -> None:
    """A warm-up of every variant, then `calls` in-memory calls made one way (client_instructions)."""
    with callers(IN_MEMORY_URL, in_memory_transport(Spec())) as variants:
        for _ in range(50):
            for call in variants.values():
                call()
        for _ in range(calls):
            variants[variant]()


def client_instructions(calls: int) -> list[Row]:
    """The in-memory per-call cost again, in machine instructions counted by valgrind's callgrind.

    A count hardly varies between runs, whatever else the machine does, so these rows confirm the
    timed ones without their noise. Each run starts the same way (every variant warmed up), then
    makes `calls` calls one way; the difference from a run with none, over `calls`, is the cost
    per call. No goal of their own: the goal is on time.
    """
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: no instruction counts (apt-get install valgrind)")
        return []

    def total(variant: str, count: int) -> int:
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable]
        command += ["-m", "bench.run", "--make-calls", variant, str(count)]
        environment = {**os.environ, "PYTHONHASHSEED": "0"}  # the same start-up work on every run
        output = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, check=True).stderr
        return int(re.search(r"refs:\s+([\d,]+)", output).group(1).replace(",", ""))  # type: ignore[union-attr]

    start = total("raw", 0)
    per_call = {variant: (total(variant, calls) - start) / calls for variant in ("raw", *LABELS)}
    return [
        Row(
            "1. client per call",
            f"the same in memory, in instructions (callgrind, repeatable): {label} vs httpx",
            f"{per_call[name] / 1e3:,.0f}k",
            f"{per_call['raw'] / 1e3:,.0f}k",
            per_call[name] / per_call["raw"],
            "",
            None,
        )
        for name, label in LABELS.items()
    ]


def async_fan_out(rounds: int, calls: int = 2000, in_flight: int = 32) -> list[Row]:
    """`calls` fetchOrderStatus calls, `in_flight` at a time, to the mock in its own process:
    AsyncFinerWorksClient's resource against httpx.AsyncClient, in alternating rounds."""
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "mock.log"
        server = start([sys.executable, "-m", "finerworks_mock", "--port", "0", "--log-level", "warning"], log)
        try:
            url = wait_for(log, r"FinerWorks mock: (\S+)", server).group(1)
            times = asyncio.run(fan_out(url, rounds, calls, in_flight))
        finally:
            server.terminate()
            server.wait(10)
    ratio = times["ours"] / times["raw"]
    return [
        Row(
            "1. client per call",
            f"async fan-out, {calls:,} fetch_status calls with {in_flight} in flight to the mock: "
            "AsyncFinerWorksClient vs httpx.AsyncClient .post().json()",
            f"{times['ours'] * 1e3:.0f} ms",
            f"{times['raw'] * 1e3:.0f} ms",
            ratio,
            "<= 1.10x",
            ratio <= 1.10,
        )
    ]


async def fan_out(base_url: str, rounds: int, calls: int, in_flight: int) -> dict[str, float]:
    """Median seconds for all the calls of each variant."""
    raw = httpx.AsyncClient(base_url=base_url, headers=KEYS)
    ours = AsyncFinerWorksClient(base_url=base_url, max_retries=0, **KEYS)

    async def raw_call() -> object:
        return (await raw.post("/fetch_order_status", json=FETCH_BODY)).json()

    async def run(call: Callable[[], Any], count: int) -> float:
        todo = iter(range(count))

        async def worker() -> None:
            for _ in todo:
                await call()

        gc.collect()
        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(in_flight)))
        return time.perf_counter() - began

    async with raw, ours:
        variants = {"raw": raw_call, "ours": lambda: ours.orders.fetch_status(**FETCH_BODY)}
        for call in variants.values():  # warm up: connections open, code paths hot
            await run(call, in_flight * 4)
        samples: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(rounds):
            for name, call in variants.items():
                samples[name].append(await run(call, calls))
    return {name: statistics.median(values) for name, values in samples.items()}


# 2. Parsing a large response -----------------------------------------------------------------


def large_response(spec: Spec, orders: int = 10_000) -> bytes:
    template = seed_response(spec)["orders"][0]
    many = []
    for n in range(orders):
        order = copy.deepcopy(template)
        order["order_id"] = n + 1
        order["shipments"] = [copy.deepcopy(template["shipments"][0]) for _ in range(2)]
        many.append(order)
    return json.dumps({"status": seed_response(spec)["status"], "orders": many}).encode()


def pydantic_models(scratch: Path) -> Any:
    """pydantic v2 models of openapi.yaml, made by datamodel-code-generator for this run only."""
    target = scratch / "pydantic_models.py"
    command = [
        str(Path(sys.executable).with_name("datamodel-codegen")),
        "--input",
        str(ROOT / "openapi.yaml"),
        "--input-file-type",
        "openapi",
        "--output-model-type",
        "pydantic_v2.BaseModel",
        "--target-python-version",
        "3.11",
        "--formatters",
        "ruff-format",
        "--output",
        str(target),
    ]
    subprocess.run(command, check=True, capture_output=True)
    module_spec = importlib.util.spec_from_file_location("pydantic_models", target)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    sys.modules["pydantic_models"] = module  # pydantic resolves generic models through sys.modules
    module_spec.loader.exec_module(module)
    return module


def parsing(spec: Spec, rounds: int) -> list[Row]:
    raw = large_response(spec)
    with tempfile.TemporaryDirectory() as scratch:
        pydantic = pydantic_models(Path(scratch))
        variants: dict[str, Callable[[], object]] = {
            "json": lambda: json.loads(raw),
            "ours": lambda: FetchOrderStatusResponse.from_dict(json.loads(raw)),
            "pydantic": lambda: pydantic.FetchOrderStatusResponse.model_validate_json(raw),
            "handwritten": lambda: handwritten_models.FetchOrderStatusResponse.model_validate_json(raw),
        }
        times = interleaved(variants, rounds, 1)
        paused = interleaved({name: variants[name] for name in ("json", "ours")}, rounds, 1, collector=False)
    size = f"{len(raw) / 1e6:.1f} MB"
    vs_pydantic = times["ours"] / times["pydantic"]
    vs_json = times["ours"] / times["json"]
    vs_handwritten = times["ours"] / times["handwritten"]
    return [
        Row(
            "2. parse 10,000 orders",
            f"{size}: generated models vs pydantic v2 of datamodel-code-generator (model_validate_json)",
            f"{times['ours'] * 1e3:.0f} ms",
            f"{times['pydantic'] * 1e3:.0f} ms",
            vs_pydantic,
            "< 1.00x",
            vs_pydantic < 1.0,
        ),
        Row(
            "2. parse 10,000 orders",
            f"{size}: generated models vs plain pydantic v2 models written by hand (bench/handwritten_models.py)",
            f"{times['ours'] * 1e3:.0f} ms",
            f"{times['handwritten'] * 1e3:.0f} ms",
            vs_handwritten,
            "< 1.00x",
            vs_handwritten < 1.0,
        ),
        Row(
            "2. parse 10,000 orders",
            f"{size}: generated models (json.loads + from_dict) vs json.loads",
            f"{times['ours'] * 1e3:.0f} ms",
            f"{times['json'] * 1e3:.0f} ms",
            vs_json,
            "<= 2.50x",
            vs_json <= 2.5,
        ),
        Row(
            "2. parse 10,000 orders",
            "the same with the garbage collector paused for both (where the difference goes; no goal)",
            f"{paused['ours'] * 1e3:.0f} ms",
            f"{paused['json'] * 1e3:.0f} ms",
            paused["ours"] / paused["json"],
            "",
            None,
        ),
    ]


# 3. Mock throughput ----------------------------------------------------------------------------

WRK_SCRIPT = """
wrk.method = "POST"
wrk.body = '{body}'
wrk.headers["content-type"] = "application/json"
wrk.headers["web_api_key"] = "{web_api_key}"
wrk.headers["app_key"] = "{app_key}"
"""


def wrk(url: str, seconds: int, connections: int, script: Path) -> tuple[float, float, int]:
    """(requests/s, p99 latency in ms, non-2xx responses) of a bounded wrk load on url."""
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p99, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output).groups()  # type: ignore[union-attr]
    p99_ms = float(p99) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rps, p99_ms, int(errors.group(1)) if errors else 0


def start(command: list[str], log: Path) -> subprocess.Popen[bytes]:
    """Start a server with its output going to a file (a pipe nobody reads would stall it)."""
    with log.open("wb") as sink:
        return subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT)


def wait_for(log: Path, pattern: str, process: subprocess.Popen[bytes]) -> re.Match[str]:
    """The first match of pattern in the server's log, once its port accepts connections."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(pattern, log.read_text(errors="replace"))
        if found and process.poll() is None:
            port = int(re.search(r":(\d+)", found.group(1)).group(1))  # type: ignore[union-attr]
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                return found
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise SystemExit(f"server did not start: {' '.join(map(str, process.args))}\n{log.read_text()}")


def mock_throughput(seconds: int) -> list[Row]:
    if not PRISM.exists():
        raise SystemExit("Prism is not installed: run `make bench` (npm ci in bench/)")
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "post.lua"
        script.write_text(WRK_SCRIPT.format(body=json.dumps(FETCH_BODY), **KEYS))
        ours_log, prism_log = Path(scratch) / "ours.log", Path(scratch) / "prism.log"
        ours = start([sys.executable, "-m", "finerworks_mock", "--port", "0", "--log-level", "warning"], ours_log)
        prism = start([str(PRISM), "mock", str(ROOT / "openapi.yaml"), "--host", "127.0.0.1", "--port", "0"], prism_log)
        try:
            our_url = wait_for(ours_log, r"FinerWorks mock: (\S+)", ours).group(1)
            prism_url = wait_for(prism_log, r"Prism is listening on (\S+)", prism).group(1)
            results = {"ours": [], "prism": []}
            for _ in range(2):  # alternate, so both see the same machine
                results["ours"].append(wrk(our_url + "/fetch_order_status", seconds, 16, script))
                results["prism"].append(wrk(prism_url + "/fetch_order_status", seconds, 16, script))
        finally:
            for process in (ours, prism):
                process.terminate()
                process.wait(10)
    ours_rps = statistics.median(r[0] for r in results["ours"])
    prism_rps = statistics.median(r[0] for r in results["prism"])
    ours_p99 = statistics.median(r[1] for r in results["ours"])
    prism_p99 = statistics.median(r[1] for r in results["prism"])
    errors = sum(r[2] for rs in results.values() for r in rs)
    note = f" ({errors} non-2xx!)" if errors else ""
    return [
        Row(
            "3. mock under load",
            f"fetchOrderStatus, wrk 16 connections {seconds}s: requests/s, ours vs Prism{note}",
            f"{ours_rps:,.0f}/s",
            f"{prism_rps:,.0f}/s",
            ours_rps / prism_rps,
            ">= 2.00x",
            ours_rps / prism_rps >= 2.0 and not errors,
        ),
        Row(
            "3. mock under load",
            "p99 latency, ours vs Prism",
            f"{ours_p99:.1f} ms",
            f"{prism_p99:.1f} ms",
            ours_p99 / prism_p99,
            "<= 1.00x",
            ours_p99 <= prism_p99,
        ),
    ]


def proxy_latency(rounds: int, calls: int) -> list[Row]:
    """What the validating proxy adds to each fetchOrderStatus call to the mock, against what Prism's
    validating proxy adds in front of the same mock: sequential calls on one keep-alive connection,
    direct and through each proxy in alternating rounds (medians); added = through - direct."""
    if not PRISM.exists():
        raise SystemExit("Prism is not installed: run `make bench` (npm ci in bench/)")
    with tempfile.TemporaryDirectory() as scratch:
        logs = {name: Path(scratch) / f"{name}.log" for name in ("mock", "ours", "prism")}
        mock = start([sys.executable, "-m", "finerworks_mock", "--port", "0", "--log-level", "warning"], logs["mock"])
        processes = [mock]
        try:
            mock_url = wait_for(logs["mock"], r"FinerWorks mock: (\S+)", mock).group(1)
            ours = start(
                [sys.executable, "-m", "finerworks_mock", "proxy", "--upstream", mock_url, "--port", "0"], logs["ours"]
            )
            prism_command = [str(PRISM), "proxy", str(ROOT / "openapi.yaml"), mock_url, "--host", "127.0.0.1"]
            prism = start([*prism_command, "--port", "0"], logs["prism"])
            processes += [ours, prism]
            urls = {
                "direct": mock_url,
                "ours": wait_for(logs["ours"], r"FinerWorks proxy: (\S+)", ours).group(1),
                "prism": wait_for(logs["prism"], r"Prism is listening on (\S+)", prism).group(1),
            }
            clients = {name: httpx.Client(base_url=url, headers=KEYS) for name, url in urls.items()}
            try:
                for client in clients.values():
                    for _ in range(50):  # warm up
                        assert client.post("/fetch_order_status", json=FETCH_BODY).status_code == 200
                variants: dict[str, Callable[[], object]] = {
                    name: (lambda client=client: client.post("/fetch_order_status", json=FETCH_BODY))
                    for name, client in clients.items()
                }
                times = interleaved(variants, rounds, calls)
            finally:
                for client in clients.values():
                    client.close()
        finally:
            for process in processes:
                process.terminate()
                process.wait(10)
    ours_added = times["ours"] - times["direct"]
    prism_added = times["prism"] - times["direct"]
    ratio = ours_added / prism_added
    return [
        Row(
            "3. mock under load",
            f"validating proxy in front of the mock: ms added per fetchOrderStatus call "
            f"(direct {times['direct'] * 1e3:.2f} ms), ours (streaming, bounded) vs Prism's proxy",
            f"{ours_added * 1e3:.2f} ms",
            f"{prism_added * 1e3:.2f} ms",
            ratio,
            "<= 1.00x",
            ratio <= 1.0,
        )
    ]


# 3b. The command line -----------------------------------------------------------------------------


def cli_wall_time(rounds: int, runs: int = 5) -> list[Row]:
    """One `finerworks orders fetch-status` against the mock, start to exit, against a plain
    `python -c` that imports httpx and makes the same request: what the command line adds to the
    interpreter and httpx (the client, the command table, argparse)."""
    import compileall

    import finerworks_client

    # Compiled, as pip installs it (this venv has the package on a .pth path, and
    # PYTHONDONTWRITEBYTECODE may be set): otherwise each run would compile the package first.
    compileall.compile_dir(Path(finerworks_client.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as scratch, serve(create_app(keys=tuple(KEYS.values()))) as root:
        url = root + "/v3"
        script = Path(scratch) / "finerworks"  # as pip writes the console script
        script.write_text(f"#!{sys.executable}\nimport sys\nfrom finerworks_client.cli import main\nsys.exit(main())\n")
        script.chmod(0o755)
        env = {**os.environ, "FINERWORKS_WEB_API_KEY": KEYS["web_api_key"], "FINERWORKS_APP_KEY": KEYS["app_key"]}
        ids = ",".join(map(str, FETCH_BODY["order_ids"]))
        raw = (
            "import httpx; r = httpx.post("
            f"{url + '/fetch_order_status'!r}, json={FETCH_BODY!r}, headers={KEYS!r}); "
            "r.raise_for_status(); print(r.text)"
        )
        commands = {
            "cli": [str(script), "orders", "fetch-status", "--order-ids", ids, "--base-url", url],
            "raw": [sys.executable, "-c", raw],
        }

        def run(name: str) -> Callable[[], object]:
            return lambda: subprocess.run(commands[name], env=env, stdout=subprocess.DEVNULL, check=True)

        times = interleaved({name: run(name) for name in commands}, rounds, runs)
    ratio = times["cli"] / times["raw"]
    return [
        Row(
            "3b. command line",
            "`finerworks orders fetch-status` against the mock, wall time, vs `python -c` with httpx",
            f"{times['cli'] * 1000:.0f} ms",
            f"{times['raw'] * 1000:.0f} ms",
            ratio,
            "<= 1.50x",
            ratio <= 1.5,
        )
    ]


# 4. Make targets -------------------------------------------------------------------------------


def wall_time(target: str) -> float:
    start_time = time.perf_counter()
    subprocess.run(["make", "--no-print-directory", target], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start_time


def make_targets(with_test: bool) -> list[Row]:
    generate = min(wall_time("generate") for _ in range(3))
    rows = [Row("4. make", "make generate (best of 3)", f"{generate:.2f} s", "", None, "< 3 s", generate < 3)]
    if with_test:
        test = wall_time("test")
        rows.append(Row("4. make", "make test", f"{test:.0f} s", "", None, "< 300 s", test < 300))
    return rows


# Report ------------------------------------------------------------------------------------------


def versions() -> str:
    names = ["httpx", "attrs", "pydantic", "openapi-core", "uvicorn", "httptools", "uvloop", "starlette"]
    names.append("openapi-python-client")
    found = [f"{name} {importlib.metadata.version(name)}" for name in names]
    prism = subprocess.run([str(PRISM), "--version"], capture_output=True, text=True).stdout.strip()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("[")[0].strip()
    tools = [f"Prism {prism}", wrk_version]
    if shutil.which("valgrind"):
        tools.append(subprocess.run(["valgrind", "--version"], capture_output=True, text=True).stdout.strip())
    return ", ".join([f"Python {platform.python_version()}", *found, *tools])


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown CPU",
    )
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}"


def report(rows: list[Row]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine()}",
        f"- versions: {versions()}",
        "",
        "Ratios compare two things measured in the same run, in alternating rounds (medians).",
        "",
        "| section | measurement | ours | peer | ratio | goal | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        lines.append(
            f"| {row.section} | {row.what} | {row.ours} | {row.peer} | {ratio} | {row.goal} | {row.verdict()} |"
        )
    met = sum(1 for row in rows if row.met)
    goals = sum(1 for row in rows if row.met is not None)
    lines += ["", f"{met} of {goals} goals met."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, shorter load, no make test")
    parser.add_argument("--make-calls", nargs=2, metavar=("VARIANT", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--proxy", action="store_true", help="only the proxy's row (printed, not written)")
    parser.add_argument("--cli", action="store_true", help="only the command line's row (printed, not written)")
    args = parser.parse_args()
    if args.proxy:
        print(report(proxy_latency(rounds=3 if args.quick else 7, calls=100 if args.quick else 300)))
        return 0
    if args.cli:
        for row in cli_wall_time(rounds=5):
            print(f"{row.what}: {row.ours} vs {row.peer}, {row.ratio:.2f}x (goal {row.goal}: {row.verdict()})")
        return 0
    if args.make_calls:  # the process valgrind counts (client_instructions)
        make_calls(args.make_calls[0], int(args.make_calls[1]))
        return 0
    spec = Spec()
    rows = []
    rows += client_cost(spec, rounds=3 if args.quick else 9, calls=100 if args.quick else 300)
    rows += async_fan_out(rounds=2 if args.quick else 3)
    rows += client_instructions(calls=100 if args.quick else 300)
    rows += parsing(spec, rounds=3 if args.quick else 7)
    rows += mock_throughput(seconds=2 if args.quick else 5)
    rows += proxy_latency(rounds=3 if args.quick else 7, calls=100 if args.quick else 300)
    rows += cli_wall_time(rounds=3 if args.quick else 7)
    rows += make_targets(with_test=not args.quick)
    text = report(rows)
    print(text)
    if not args.quick:
        RESULTS.write_text(text, encoding="utf-8")
        print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
