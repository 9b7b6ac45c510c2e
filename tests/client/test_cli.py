"""The `finerworks` command line (finerworks_client.cli, its table generated from openapi.yaml):
every command against the mock, each exit code, JSON output read back into the models, batches from
stdin, the dry run, the safety catch, key redaction, shell completion, and a spec change that
becomes an option after generation."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from finerworks_client import ENVIRONMENTS, FinerWorksClient, cli
from finerworks_client._cli_commands import COMMANDS
from finerworks_client.api import Resources
from finerworks_client.models import (
    DeletePendingOrdersResponse,
    FetchOrderStatusResponse,
    ResponseStatus,
)
from finerworks_mock.admin_client import StateOrder
from finerworks_mock.pytest_plugin import Sandbox

from tests.support import CLOSED, finerworks_script

ROOT = Path(__file__).resolve().parents[2]
# A whole U.S. address, as FinerWorks' address model asks (names, first line, ZIP, country, state).
ADDRESS = {
    "first_name": "Bob",
    "last_name": "Ross",
    "address_1": "742 Evergreen Terrace",
    "city": "Mountain Scene",
    "state_code": "AK",
    "zip_postal_code": "88888",
    "country_code": "us",
}


@dataclass
class Run:
    code: int
    out: str
    err: str


Finerworks = Callable[..., Run]  # the fixture: finerworks(*args, stdin="") runs the command line in this process


@pytest.fixture
def sandbox(finerworks_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """The plugin's mock, with the keys and its URL in the environment, as an operator sets them."""
    monkeypatch.setenv("FINERWORKS_WEB_API_KEY", finerworks_sandbox.keys[0])
    monkeypatch.setenv("FINERWORKS_APP_KEY", finerworks_sandbox.keys[1])
    monkeypatch.setenv("FINERWORKS_BASE_URL", finerworks_sandbox.base_url)
    monkeypatch.delenv("FINERWORKS_ENVIRONMENT", raising=False)
    return finerworks_sandbox


@pytest.fixture
def finerworks(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Iterator[Finerworks]:
    """Run `finerworks ARGS` in this process: finerworks(*args, stdin="") -> Run. No run may show a key."""
    secrets = {"sandbox-web-api-key", "sandbox-app-key"}

    def run(*args: str, stdin: str = "") -> Run:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = cli.main(list(args))
        captured = capsys.readouterr()
        for secret in secrets | {os.environ.get("FINERWORKS_WEB_API_KEY"), os.environ.get("FINERWORKS_APP_KEY")}:
            if secret:
                assert secret not in captured.out + captured.err
        return Run(code, captured.out, captured.err)

    yield run


@pytest.fixture(scope="module")
def script_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a `finerworks` script as pip writes it (the venv has the package on a .pth path)."""
    return finerworks_script(tmp_path_factory.mktemp("bin"))


def test_one_command_per_method_of_the_resources() -> None:
    """The table is the resource surface of FinerWorksClient: same resources, same methods, same arguments."""
    import inspect

    resources = {name for name, value in vars(Resources).items() if not name.startswith("_")}
    assert set(COMMANDS) == resources
    client = FinerWorksClient(web_api_key="k", app_key="k", base_url=CLOSED)
    for resource, methods in COMMANDS.items():
        public = {name for name in dir(getattr(client, resource)) if not name.startswith("_")} - {"with_raw_response"}
        assert set(methods) == public
        for method, command in methods.items():
            parameters = inspect.signature(getattr(getattr(client, resource), method)).parameters
            # the per-call options are the one **options: Unpack[RequestOptions] parameter
            body = [name for name, parameter in parameters.items() if parameter.kind is not parameter.VAR_KEYWORD]
            assert [option["name"] for option in command["options"]] == body


def test_help_at_every_level_documents_each_option_and_exit_code(finerworks: Finerworks, sandbox: Sandbox) -> None:
    top = finerworks("--help")
    assert top.code == 0
    for code, _, _ in cli.EXIT_CODES:
        assert re.search(rf"^  {code} ", top.out, re.M)
    for resource, methods in COMMANDS.items():
        assert cli.command_name(resource) in top.out
        assert finerworks(cli.command_name(resource), "--help").code == 0
        for method, command in methods.items():
            page = finerworks(cli.command_name(resource), cli.command_name(method), "--help")
            assert page.code == 0
            flat = " ".join(page.out.split())
            for option in command["options"]:
                assert cli.flag(option["name"]) in page.out
                assert " ".join(option["help"].split())[:40] in flat
    assert "sandbox-web-api-key" not in top.out  # never a default shown


def test_fetch_status_json_parses_into_the_model_in_the_order_asked(finerworks: Finerworks, sandbox: Sandbox) -> None:
    result = finerworks("orders", "fetch-status", "--order-pos", "PO_0002", "--order-ids", "123456")
    assert result.code == 0, result.err
    parsed = FetchOrderStatusResponse.from_dict(json.loads(result.out))
    assert parsed.orders is not None
    assert [order.order_id for order in parsed.orders] == [123456, 123457]  # ids first, then purchase orders
    assert parsed.status.success


def test_orders_update_changes_the_order(finerworks: Finerworks, sandbox: Sandbox) -> None:
    result = finerworks("orders", "update", "--order-id", "1234567", "--update-command", "hold")
    assert result.code == 0, result.err
    assert ResponseStatus.from_dict(json.loads(result.out)).success
    assert sandbox.admin.order(1234567)["submission_status"] == "hold"


def test_customers_update_takes_json_from_a_file_with_member_options_over_it(
    finerworks: Finerworks, sandbox: Sandbox, tmp_path: Path
) -> None:
    address = tmp_path / "address.json"
    address.write_text(json.dumps({**ADDRESS, "city": "Old"}))
    result = finerworks(
        "customers", "update", "--order-id", "1234567", "--customer-info", f"@{address}", "--city", "Mountain Scene"
    )
    assert result.code == 0, result.err
    assert ResponseStatus.from_dict(json.loads(result.out)).success
    customer = sandbox.admin.order(1234567)["customer"] or {}
    assert (customer["first_name"], customer["city"]) == ("Bob", "Mountain Scene")


def test_customer_info_from_stdin_and_its_mistakes(finerworks: Finerworks, sandbox: Sandbox) -> None:
    ok = finerworks(
        "customers",
        "update",
        "--order-id",
        "1234567",
        "--customer-info",
        "-",
        stdin=json.dumps(ADDRESS | {"first_name": "Al"}),
    )
    assert ok.code == 0, ok.err
    assert (sandbox.admin.order(1234567)["customer"] or {})["first_name"] == "Al"
    typo = finerworks("customers", "update", "--order-id", "1234567", "--customer-info", '{"frist_name": "Al"}')
    assert typo.code == cli.EXIT_USAGE and "unknown member 'frist_name'" in typo.err
    broken = finerworks("customers", "update", "--order-id", "1234567", "--customer-info", "{oops")
    assert broken.code == cli.EXIT_USAGE and "not JSON" in broken.err


def test_pending_orders_delete(finerworks: Finerworks, sandbox: Sandbox) -> None:
    pending = sandbox.admin.state().get("pending_orders") or []
    result = finerworks("pending-orders", "delete", "--ids", ",".join(map(str, pending)))
    assert result.code == 0, result.err
    assert DeletePendingOrdersResponse.from_dict(json.loads(result.out)).status.success
    assert not sandbox.admin.state().get("pending_orders")


def test_table_output_for_people(finerworks: Finerworks, sandbox: Sandbox) -> None:
    result = finerworks("orders", "fetch-status", "--order-pos", "PO_0001", "--output", "table")
    assert result.code == 0
    header, row = result.out.splitlines()[:2]
    assert header.split()[:3] == ["order_confirmation_id", "order_po", "order_id"]
    assert "PO_0001" in row and "Shipped" in row
    assert "1HYZ1234567890" in result.out  # the shipments' table
    update = finerworks("orders", "update", "--order-id", "1234567", "--update-command", "pending", "-o", "table")
    assert re.search(r"^success\s+true$", update.out, re.M)


@pytest.mark.parametrize(
    ("case", "args", "code"),
    [
        ("usage", ["orders", "update", "--order-id", "1"], cli.EXIT_USAGE),
        ("usage", ["orders", "update", "--order-id", "x", "--update-command", "hold"], cli.EXIT_USAGE),
        (
            "authentication",
            ["--app-key", "wrong-key", "orders", "fetch-status", "--order-ids", "1"],
            cli.EXIT_AUTHENTICATION,
        ),
        ("not found", ["orders", "update", "--order-id", "999999", "--update-command", "hold"], cli.EXIT_NOT_FOUND),
        ("not found", ["orders", "fetch-status", "--order-ids", "123456", "999999"], cli.EXIT_NOT_FOUND),
        ("conflict", ["orders", "update", "--order-id", "123456", "--update-command", "cancel"], cli.EXIT_CONFLICT),
        ("validation", ["orders", "update", "--order-id", "0", "--update-command", "hold"], cli.EXIT_VALIDATION),
        (
            "connection",
            ["--base-url", CLOSED, "--max-retries", "0", "orders", "fetch-status", "--order-ids", "1"],
            cli.EXIT_CONNECTION,
        ),
    ],
)
def test_exit_codes(finerworks: Finerworks, sandbox: Sandbox, case: str, args: list[str], code: int) -> None:
    result = finerworks(*args)
    assert result.code == code, (case, result.err)
    assert result.err.startswith(("finerworks: ", "usage: ")) and "Traceback" not in result.err


def test_validation_names_the_field_and_its_option_on_stderr(finerworks: Finerworks, sandbox: Sandbox) -> None:
    result = finerworks("orders", "update", "--order-id", "0", "--update-command", "hold")
    assert result.out == ""
    assert re.search(r"^  \S*order_id \(--order-id\): .+", result.err, re.M), result.err


@pytest.mark.parametrize("status", [429, 500, 503])
def test_rate_limit_and_server_errors_after_the_retries(finerworks: Finerworks, sandbox: Sandbox, status: int) -> None:
    sandbox.admin.add_fault("fetchOrderStatus", status=status)
    result = finerworks("--max-retries", "1", "orders", "fetch-status", "--order-ids", "123456")
    assert result.code == cli.EXIT_UNAVAILABLE, result.err
    assert f"HTTP {status}" in result.err


def test_missing_keys_are_a_usage_error_naming_the_variable(
    finerworks: Finerworks, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FINERWORKS_APP_KEY")
    result = finerworks("orders", "fetch-status", "--order-ids", "1")
    assert result.code == cli.EXIT_USAGE
    assert "FINERWORKS_APP_KEY" in result.err and sandbox.admin.requests() == []


def test_keys_are_never_echoed(finerworks: Finerworks, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not in argparse's own errors (a mistyped option followed by its key), not in the client's."""
    typo = finerworks("orders", "fetch-status", "--order-ids", "1", "--web_api_key", "sandbox-web-api-key")
    assert typo.code == cli.EXIT_USAGE and "[redacted]" in typo.err
    monkeypatch.setenv("FINERWORKS_APP_KEY", "sandbox-app-key ")  # a trailing space: refused, not shown
    spaced = finerworks("orders", "fetch-status", "--order-ids", "1")
    assert spaced.code == cli.EXIT_USAGE and "whitespace" in spaced.err
    monkeypatch.setenv("FINERWORKS_APP_KEY", "sandbox-app-key")
    logger = logging.getLogger("finerworks_client")
    try:
        verbose = finerworks("-vv", "orders", "fetch-status", "--order-ids", "123456")
    finally:
        logger.handlers.clear()
        logger.setLevel(logging.NOTSET)
    assert verbose.code == 0
    assert "request POST" in verbose.err and "'web_api_key': '[redacted]'" in verbose.err


def test_dry_run_prints_the_request_with_the_keys_redacted_and_sends_nothing(
    finerworks: Finerworks, sandbox: Sandbox
) -> None:
    result = finerworks("orders", "update", "--order-id", "1234567", "--update-command", "hold", "--dry-run")
    assert result.code == 0, result.err
    request = json.loads(result.out)
    assert request["method"] == COMMANDS["orders"]["update"]["http_method"]
    assert request["url"] == sandbox.base_url + "/update_order"
    assert request["headers"]["web_api_key"] == request["headers"]["app_key"] == "[redacted]"
    assert request["body"] == {"order_id": 1234567, "update_command": "hold"}
    text = finerworks(
        "orders", "update", "--order-id", "1234567", "--update-command", "hold", "--dry-run", "-o", "table"
    )
    assert text.out.startswith(f"{request['method']} {request['url']}\n") and "web_api_key: [redacted]" in text.out
    assert sandbox.admin.requests() == []
    assert sandbox.admin.order(1234567)["submission_status"] != "hold"


def test_dry_run_of_a_batch_prints_each_request(finerworks: Finerworks, sandbox: Sandbox) -> None:
    ids = "\n".join(str(n) for n in range(1, 251))
    result = finerworks("orders", "fetch-status", "--order-ids-file", "-", "--dry-run", stdin=ids)
    requests = [json.loads(line) for line in result.out.splitlines()]
    assert [len(request["body"]["order_ids"]) for request in requests] == [100, 100, 50]
    assert sandbox.admin.requests() == []


def test_a_batch_of_2500_ids_from_stdin_loses_and_repeats_nothing(
    sandbox: Sandbox, script_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through a real pipe into the script: every order found once, in input order, every missing one named."""
    state = sandbox.admin.state()
    template = next(order for order in state.get("orders") or [] if order["order_id"] == 123457)
    existing = list(range(5_000_001, 5_002_001))  # 2,000 orders ...
    added: list[StateOrder] = [{**template, "order_id": n, "order_po": f"B{n}"} for n in existing]
    state["orders"] = [*(state.get("orders") or []), *added]
    sandbox.admin.reset(state)
    missing = list(range(6_000_001, 6_000_501))  # ... and 500 that do not exist, interleaved
    asked = [n for pair in zip(existing[:500], missing, strict=True) for n in pair] + existing[500:]
    asked.reverse()
    assert len(asked) == 2_500
    result = subprocess.run(
        ["finerworks", "orders", "fetch-status", "--order-ids-file", "-", "--in-flight", "4"],
        input="\n".join(map(str, asked)) + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{script_dir}{os.pathsep}{os.environ['PATH']}"},
        check=False,
    )
    assert result.returncode == cli.EXIT_NOT_FOUND, result.stderr[-2000:]
    parsed = FetchOrderStatusResponse.from_dict(json.loads(result.stdout))
    found = set(existing)
    assert parsed.orders is not None
    assert [order.order_id for order in parsed.orders] == [n for n in asked if n in found]
    named = re.findall(r"^finerworks: not found: order_id (\d+)$", result.stderr, re.M)
    assert sorted(map(int, named)) == missing
    assert "\r" not in result.stderr  # no progress bar when stderr is not a terminal
    requests = [record for record in sandbox.admin.requests(limit=1000) if record["operation_id"] == "fetchOrderStatus"]
    sent = [n for record in requests for n in record["body"]["order_ids"]]
    assert sorted(sent) == sorted(asked) and len(requests) == 25  # batches of 100, each id once


def test_input_files_are_checked_before_anything_is_sent(
    finerworks: Finerworks, sandbox: Sandbox, tmp_path: Path
) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("# ids to check\n123456\n\n12x\n")
    result = finerworks("orders", "fetch-status", "--order-ids-file", str(ids))
    assert result.code == cli.EXIT_USAGE and "line 4" in result.err and "'12x'" in result.err
    assert sandbox.admin.requests() == []
    both = finerworks("orders", "fetch-status", "--order-ids-file", "-", "--order-pos-file", "-", stdin="1\n")
    assert both.code == cli.EXIT_USAGE and "stdin" in both.err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_production_changes_need_confirmation(
    finerworks: Finerworks, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The mock stands in for the production host here: cli.is_production says it is one."""
    monkeypatch.setattr(cli, "is_production", lambda url: True)
    args = ("orders", "update", "--order-id", "1234567", "--update-command", "hold")
    script = finerworks(*args)
    assert script.code == cli.EXIT_USAGE and "--yes" in script.err
    assert sandbox.admin.requests() == []
    reading = finerworks("orders", "fetch-status", "--order-ids", "1234567")
    assert reading.code == cli.EXIT_OK  # reading needs no confirmation
    assert finerworks("--yes", *args).code == cli.EXIT_OK
    assert len(sandbox.admin.requests()) == 2
    sandbox.admin.reset()
    for answer, code, sent in (("n\n", cli.EXIT_FAILED, 0), ("", cli.EXIT_FAILED, 0), ("y\n", cli.EXIT_OK, 1)):
        monkeypatch.setattr(sys, "stdin", _Terminal(answer))
        stderr = _Terminal()
        monkeypatch.setattr(sys, "stderr", stderr)
        assert cli.main(list(args)) == code
        assert "Continue? [y/N]" in stderr.getvalue()
        assert len(sandbox.admin.requests()) == sent


def test_which_hosts_are_production() -> None:
    assert cli.is_production("https://api.finerworks.com/v3")
    assert cli.is_production("https://finerworks-proxy.example.com/v3")  # unknown: treated as production
    assert not cli.is_production("http://127.0.0.1:8000/v3") and not cli.is_production("http://localhost:8000/v3")
    assert all(not cli.is_production(url) for name, url in ENVIRONMENTS.items() if name in cli.TEST_ENVIRONMENTS)
    mutating = {
        (resource, method)
        for resource, methods in COMMANDS.items()
        for method, c in methods.items()
        if cli.is_mutating(c)
    }
    assert mutating == {("orders", "update"), ("customers", "update"), ("pending_orders", "delete")}


def test_no_request_member_collides_with_a_setting() -> None:
    cli.build_parser()  # raises on a collision


def test_bash_completion(script_dir: Path) -> None:
    env = {**os.environ, "PATH": f"{script_dir}{os.pathsep}{os.environ['PATH']}"}

    def complete(line: str) -> list[str]:
        words = line.split(" ")
        script = (
            "source <(finerworks completion bash)\n"
            f"COMP_LINE={json.dumps(line)}; COMP_POINT=${{#COMP_LINE}}; "
            f"COMP_WORDS=({' '.join(map(json.dumps, words))}); COMP_CWORD={len(words) - 1}\n"
            '_python_argcomplete finerworks; printf "%s\\n" "${COMPREPLY[@]}"\n'
        )
        result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, check=True)
        return sorted(result.stdout.split())

    assert complete("finerworks ord") == ["orders"]
    assert [word for word in complete("finerworks orders ") if not word.startswith("-")] == ["fetch-status", "update"]
    assert complete("finerworks orders update --update-command ") == ["cancel", "hold", "pending"]
    assert "--order-pos-file" in complete("finerworks orders fetch-status --order-")


def test_zsh_completion(script_dir: Path, tmp_path: Path) -> None:
    """What zsh asks for (argcomplete's protocol in zsh mode: values with their descriptions), and,
    where zsh is installed, the script registering the completer in zsh itself."""
    env = {**os.environ, "PATH": f"{script_dir}{os.pathsep}{os.environ['PATH']}"}
    line = "finerworks orders update --update-command "
    answer = tmp_path / "completions"
    protocol = {"_ARGCOMPLETE": "1", "_ARGCOMPLETE_SHELL": "zsh", "COMP_LINE": line, "COMP_POINT": str(len(line))}
    protocol["_ARGCOMPLETE_STDOUT_FILENAME"] = str(answer)
    subprocess.run(["finerworks"], env={**env, **protocol}, check=True, capture_output=True)
    values = [entry.split(":", 1)[0] for entry in answer.read_text().split("\013")]
    assert values == ["pending", "hold", "cancel"]
    assert "The submission status to apply" in answer.read_text()
    if shutil.which("zsh") is None:
        return
    script = (
        'autoload -U compinit; compinit -u -D; source <(finerworks completion zsh); print -r -- "$_comps[finerworks]"'
    )
    result = subprocess.run(
        ["zsh", "-f", "-c", script], env=env, cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "_python_argcomplete"


def test_a_spec_change_to_a_request_member_changes_the_option(tmp_path: Path) -> None:
    """openapi.yaml -> make generate's code path -> the command line, with no hand edit."""
    import yaml

    from scripts.generate import SPEC, run_generator

    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    schemas["UpdateOrderRequest"]["properties"]["note"] = {
        "type": "string",
        "description": "A note for the print shop.",
    }
    schemas["UpdateCommand"]["enum"].append("release")
    spec = tmp_path / "openapi.yaml"
    spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    run_generator(tmp_path / "generated", spec)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "generated")}

    def finerworks(*args: str) -> str:
        command = [sys.executable, "-m", "finerworks_client", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, check=True).stdout

    page = finerworks("orders", "update", "--help")
    assert "--note TEXT" in page and "A note for the print shop." in page
    assert "{pending,hold,cancel,release}" in page
    request = json.loads(
        finerworks(
            "--web-api-key",
            "k",
            "--app-key",
            "k",
            "--base-url",
            CLOSED,
            "orders",
            "update",
            "--order-id",
            "7",
            "--update-command",
            "release",
            "--note",
            "rush",
            "--dry-run",
            "-o",
            "json",
        )
    )
    assert request["body"] == {"order_id": 7, "update_command": "release", "note": "rush"}


def test_without_argcomplete_completion_says_what_to_install(
    finerworks: Finerworks, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "argcomplete", None)  # as if not installed
    result = finerworks("completion", "bash")
    assert result.code == cli.EXIT_FAILED
    assert result.err == 'finerworks: shell completion needs argcomplete: pip install "finerworks-client[cli]"\n'


def test_fresh_venv_install_plain_then_with_the_cli_extra(tmp_path: Path) -> None:
    """`pip install ./generated`: httpx and attrs only, every command works, completion says in one
    line what to install; then `pip install "./generated[cli]"` completes it."""
    from finerworks_mock import create_app, serve

    from scripts.dist import fresh_venv

    python, install = fresh_venv(tmp_path / "venv")
    lock = ["-c", str(ROOT / "requirements.lock")]
    subprocess.run([*install, *lock, "./generated"], cwd=ROOT, check=True, capture_output=True)
    finerworks = tmp_path / "venv" / "bin" / "finerworks"
    freeze = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "list",
        "--format=freeze",
        "--disable-pip-version-check",
    ]
    installed = {
        line.split("==")[0].lower()
        for line in subprocess.run(freeze, capture_output=True, text=True, check=True).stdout.split()
    }
    assert "argcomplete" not in installed and {"httpx", "attrs"} <= installed
    env = {name: value for name, value in os.environ.items() if not name.startswith("FINERWORKS_")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([finerworks, *args], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)

    plain = run("completion", "bash")
    assert (plain.returncode, plain.stderr) == (
        1,
        f"finerworks: shell completion needs argcomplete: {cli.INSTALL_CLI}\n",
    )
    with serve(create_app()) as root:
        env.update(FINERWORKS_WEB_API_KEY="k1", FINERWORKS_APP_KEY="k2", FINERWORKS_BASE_URL=root + "/v3")
        status = run("orders", "fetch-status", "--order-pos", "PO_0001")
        assert status.returncode == 0, status.stderr
        orders = FetchOrderStatusResponse.from_dict(json.loads(status.stdout)).orders
        assert orders is not None and orders[0].order_po == "PO_0001"
        subprocess.run([*install, *lock, "./generated[cli]"], cwd=ROOT, check=True, capture_output=True)
        assert "complete -o" in run("completion", "bash").stdout
        assert run("orders", "update", "--order-id", "1234567", "--update-command", "hold").returncode == 0


def test_progress_bar_on_a_terminal_only(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("123456\n123457\n999999\n"))
    stderr = _Terminal()
    monkeypatch.setattr(sys, "stderr", stderr)
    code = cli.main(["orders", "fetch-status", "--order-ids-file", "-", "--batch-size", "1", "-o", "json"])
    err = stderr.getvalue()
    assert code == cli.EXIT_NOT_FOUND
    assert "] 3/3" in err and "\r" in err
    assert "finerworks: not found: order_id 999999" in err and "2 of 3 found, 1 not found" in err
    assert [order["order_id"] for order in json.loads(capsys.readouterr().out)["orders"]] == [123456, 123457]


def test_interrupt_and_internal_errors_are_one_line_never_a_traceback(
    finerworks: Finerworks, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "run", interrupted)
    stopped = finerworks("orders", "fetch-status", "--order-ids", "1")
    assert (stopped.code, stopped.err.strip()) == (cli.EXIT_INTERRUPTED, "finerworks: interrupted")

    def broken(args: object) -> int:
        raise RuntimeError(f"a bug near {os.environ['FINERWORKS_APP_KEY']}")

    monkeypatch.setattr(cli, "run", broken)
    bug = finerworks("orders", "fetch-status", "--order-ids", "1")
    assert bug.code == cli.EXIT_FAILED and bug.err.count("\n") == 1
    assert "internal error (RuntimeError: a bug near [redacted])" in bug.err
