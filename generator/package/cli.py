"""`finerworks`: the FinerWorks API from the command line, for the people who run an integration.

    finerworks orders fetch-status --order-pos PO_0001
    finerworks orders update --order-id 1234567 --update-command hold
    finerworks orders fetch-status --order-ids-file - < ids.txt > status.json

One command per operation of openapi.yaml (`finerworks <resource> <method>`, as
`client.<resource>.<method>(...)`), one option per property of its request body: the table of
commands, _cli_commands.py, is generated from openapi.yaml by `make generate`; this module turns it
into argparse parsers and calls FinerWorksClient's resources. It uses the standard library only;
shell completion needs argcomplete (`pip install "finerworks-client[cli]"`).

(Hand-written: generator/package/cli.py, copied into the package by `make generate`.)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any, NoReturn

from . import API_VERSION, ENVIRONMENTS, __version__
from ._cli_commands import COMMANDS
from .errors import (
    APIConnectionError,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    FinerWorksError,
    NotFoundError,
    RateLimitError,
    ServerError,
    ValidationError,
)

if TYPE_CHECKING:
    import httpx

    from . import FinerWorksClient

PROG = "finerworks"
INSTALL_CLI = 'pip install "finerworks-client[cli]"'

# Exit codes, one per class of failure: (code, what, the errors of finerworks_client.errors mapped to it).
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_AUTHENTICATION = 3
EXIT_NOT_FOUND = 4
EXIT_CONFLICT = 5
EXIT_VALIDATION = 6
EXIT_UNAVAILABLE = 7
EXIT_CONNECTION = 8
EXIT_INTERRUPTED = 130
EXIT_CODES: tuple[tuple[int, str, tuple[type[FinerWorksError], ...]], ...] = (
    (EXIT_OK, "success", ()),
    (EXIT_FAILED, "any other failure: success: false, an undocumented response, a declined confirmation", ()),
    (
        EXIT_USAGE,
        "usage: a bad option or setting, a missing key, a production change without --yes",
        (ConfigurationError,),
    ),
    (EXIT_AUTHENTICATION, "authentication: the keys are missing or not accepted", (AuthenticationError,)),
    (EXIT_NOT_FOUND, "not found: no such order (fetch-status: one of the orders asked for)", (NotFoundError,)),
    (EXIT_CONFLICT, "conflict: the order can no longer be changed (in production)", (ConflictError,)),
    (
        EXIT_VALIDATION,
        "validation: FinerWorks refused the request (its messages per field on stderr)",
        (ValidationError,),
    ),
    (EXIT_UNAVAILABLE, "rate limit or server error, after the retries", (RateLimitError, ServerError)),
    (EXIT_CONNECTION, "connection or timeout: no response, after the retries", (APIConnectionError,)),
    (EXIT_INTERRUPTED, "interrupted (Ctrl-C)", ()),
)

# An operation whose operationId starts with one of these verbs only reads (openapi.yaml's
# operationIds are verb-noun); every other operation changes something and, against a production
# host, asks for confirmation. Hosts that are not production: loopback (the mock, a local proxy)
# and the spec's servers of these environments. Any other host counts as production.
READ_VERBS = frozenset({"fetch", "get", "list", "search", "find", "read", "describe"})
TEST_ENVIRONMENTS = frozenset({"sandbox", "test"})
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})

# Batches of a command that reads many orders (fetch-status with --order-ids-file/--order-pos-file).
BATCH_SIZE = 100
MAX_BATCH_SIZE = 1000
IN_FLIGHT = 4
MAX_IN_FLIGHT = 16
MAX_LINE = 4096  # characters of one line of an input file

REDACTED = "[redacted]"
# The options of _settings: a request member of the same name would collide (build_parser refuses).
SETTING_FLAGS = (
    "--web-api-key",
    "--app-key",
    "--environment",
    "--base-url",
    "--timeout",
    "--deadline",
    "--max-retries",
    "--output",
    "--dry-run",
    "--yes",
    "--verbose",
    "--batch-size",
    "--in-flight",
)
METAVARS = {"int": "N", "float": "X", "str": "TEXT", "bool": "{true,false}"}


class UsageError(Exception):
    """A problem with the command line itself: exit 2 with its message."""


class _DryRun(Exception):
    """Raised by the dry run's transport in place of sending: carries the request."""

    def __init__(self, request: httpx.Request) -> None:
        super().__init__("dry run")
        self.request = request


def flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def command_name(name: str) -> str:
    return name.replace("_", "-")


def _text(text: str) -> str:
    """A description of openapi.yaml as one paragraph."""
    return " ".join(text.split())


def _help(text: str) -> str:
    """_text, safe as an option's help (argparse %-formats those)."""
    return _text(text).replace("%", "%%")


def is_mutating(command: dict[str, Any]) -> bool:
    return command["http_method"] not in ("GET", "HEAD") and command["operation"].split("_")[0] not in READ_VERBS


def batch_keys(command: dict[str, Any]) -> tuple[str, dict[str, str]] | None:
    """For a command that reads and takes lists of keys (order_ids, order_pos) that name the items of
    a list of its response (orders, by order_id and order_po): (that list, {option: member}).
    Its lists can come from files and are sent in batches. None for any other command."""
    if is_mutating(command):
        return None
    for name, members in command["response_lists"].items():
        keys = {
            option["name"]: option["json"][:-1]
            for option in command["options"]
            if option["list"] and option["kind"] in ("int", "str") and option["json"][:-1] in members
        }
        if keys:
            return name, keys
    return None


# The parser -----------------------------------------------------------------------------------


def _epilog() -> str:
    lines = ["exit codes:"]
    lines += [f"  {code:<3}  {what}" for code, what, _ in EXIT_CODES]
    lines += [
        "",
        "settings: FINERWORKS_WEB_API_KEY, FINERWORKS_APP_KEY (prefer these to the options, which other",
        "users can see in the process list and your shell history), FINERWORKS_ENVIRONMENT",
        f"({', '.join(ENVIRONMENTS)}), FINERWORKS_BASE_URL. Keys are never shown.",
    ]
    return "\n".join(lines)


def _settings(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """The options every command takes, before or after the command's name."""
    default: Any = None if defaults else argparse.SUPPRESS
    group = parser.add_argument_group("settings (default: the environment, as FinerWorksClient)")
    group.add_argument("--web-api-key", metavar="KEY", default=default, help="default: $FINERWORKS_WEB_API_KEY")
    group.add_argument("--app-key", metavar="KEY", default=default, help="default: $FINERWORKS_APP_KEY")
    group.add_argument(
        "--environment",
        choices=list(ENVIRONMENTS),
        default=default,
        help=f"a host of openapi.yaml by name (default: $FINERWORKS_ENVIRONMENT, else {next(iter(ENVIRONMENTS))})",
    )
    group.add_argument(
        "--base-url",
        metavar="URL",
        default=default,
        help="any host, such as the mock's (default: $FINERWORKS_BASE_URL)",
    )
    group.add_argument(
        "--timeout", type=float, metavar="SECONDS", default=default, help="per-read timeout (default 30)"
    )
    group.add_argument(
        "--deadline",
        type=float,
        metavar="SECONDS",
        default=default,
        help="total time of a call, retries included (default 120)",
    )
    group.add_argument(
        "--max-retries",
        type=int,
        metavar="N",
        default=default,
        help="retries after a connection error, 429, 502-504 (default 2)",
    )
    group = parser.add_argument_group("output")
    group.add_argument(
        "--output",
        "-o",
        choices=("json", "table"),
        default=default,
        help="json: the response as FinerWorks sends it; table: for people (default: table on a terminal, else json)",
    )
    group.add_argument(
        "--dry-run", action="store_true", default=default, help="print the request (keys redacted) and send nothing"
    )
    group.add_argument(
        "--yes", "-y", action="store_true", default=default, help="change orders on a production host without asking"
    )
    group.add_argument(
        "--verbose",
        "-v",
        action="count",
        default=default,
        help="log each request (-vv: and its headers, keys redacted) to stderr",
    )


def _add_command(parent: Any, resource: str, method: str, command: dict[str, Any]) -> None:
    summary = command["summary"]
    batched = batch_keys(command)
    epilog = ""
    if batched is not None:
        files = ", ".join(flag(name) + "-file" for name in batched[1])
        epilog = (
            f"many orders at once: {files} read one per line ('-': stdin; blank lines and # comments "
            f"skipped). They are sent in batches of --batch-size (default {BATCH_SIZE}), at most "
            f"--in-flight (default {IN_FLIGHT}) at a time; the results come in the order asked for, each "
            f"once; every order not found is named on stderr, and the exit code is {EXIT_NOT_FOUND}."
        )
    parser = parent.add_parser(
        command_name(method),
        help=_help(summary),
        description=f"{summary} ({command['operation']}: {command['http_method']} {command['path']}).\n\n"
        + command["description"].strip(),
        epilog=(textwrap.fill(epilog, 96) + "\n\n" if epilog else "") + _epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(command=(resource, method))
    group = parser.add_argument_group(f"request body of {command['operation']}")
    taken = set(SETTING_FLAGS)
    for option in command["options"]:
        _add_option(group, option, taken, batched is not None)
    if batched is not None:
        group = parser.add_argument_group("batches")
        group.add_argument(
            "--batch-size",
            type=int,
            metavar="N",
            help=f"orders per request, 1 to {MAX_BATCH_SIZE} (default {BATCH_SIZE})",
        )
        group.add_argument(
            "--in-flight", type=int, metavar="N", help=f"requests at a time, 1 to {MAX_IN_FLIGHT} (default {IN_FLIGHT})"
        )
    _settings(parser, defaults=False)


def _add_option(group: Any, option: dict[str, Any], taken: set[str], files: bool) -> None:
    name, kind = option["name"], option["kind"]
    text = _help(option["help"])
    dest = "body_" + name
    if flag(name) in taken:
        raise RuntimeError(f"request member {name} collides with the option {flag(name)}")  # a test guards this
    taken.add(flag(name))
    required = option["required"] and not option["list"]
    metavar = METAVARS.get(kind, None if kind == "enum" else "JSON")
    if kind == "object":
        group.add_argument(
            flag(name),
            dest=dest,
            metavar="JSON|@FILE|-",
            required=False,
            help=text + " JSON object, @file, or - for stdin.",
        )
        for member in option["members"] or ():
            if member["kind"] not in ("int", "float", "str", "bool", "enum") or member["list"]:
                continue
            member_flag = flag(member["name"])
            if member_flag in taken:
                member_flag = flag(f"{name}_{member['name']}")
            taken.add(member_flag)
            group.add_argument(
                member_flag,
                dest=f"member_{name}__{member['name']}",
                metavar=METAVARS.get(member["kind"]),
                choices=member["choices"],
                help=f"{name}.{member['json']}: " + _help(member["help"]),
            )
        return
    if option["list"]:
        group.add_argument(
            flag(name),
            dest=dest,
            nargs="+",
            action="extend",
            metavar=metavar,
            help=text + (" (required)" if option["required"] else "") + " Several values, or one comma-separated.",
        )
        if files:
            taken.add(flag(name) + "-file")
            group.add_argument(
                flag(name) + "-file",
                dest=dest + "__file",
                metavar="FILE",
                help=f"read {name} from FILE, one per line (- for stdin)",
            )
        return
    group.add_argument(
        flag(name),
        dest=dest,
        required=required,
        metavar=metavar,
        choices=option["choices"],
        help=text + (" (required)" if required else ""),
    )


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose usage errors are ours: redacted before they are shown."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=textwrap.fill(
            "The FinerWorks API from the command line: one command per operation of openapi.yaml, "
            "one option per member of its request body. `finerworks <resource> <command> --help` for each.",
            96,
        ),
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__} (FinerWorks API {API_VERSION})")
    _settings(parser, defaults=False)
    resources = parser.add_subparsers(title="resources", metavar="<resource>", dest="resource")
    for resource, methods in COMMANDS.items():
        sub = resources.add_parser(
            command_name(resource),
            help=f"{', '.join(map(command_name, methods))}",
            description=f"The operations tagged {resource} in openapi.yaml.",
            epilog=_epilog(),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        commands = sub.add_subparsers(title="commands", metavar="<command>", dest="method")
        commands.required = True
        for method, command in methods.items():
            _add_command(commands, resource, method, command)
    completion = resources.add_parser(
        "completion",
        help="print the shell completion script (bash, zsh, fish)",
        description=(
            f"Shell completion (needs argcomplete: {INSTALL_CLI}). "
            'Bash: eval "$(finerworks completion bash)" in ~/.bashrc; zsh: the same with zsh, in ~/.zshrc.'
        ),
    )
    completion.add_argument("shell", choices=("bash", "zsh", "fish"))
    completion.set_defaults(command=("completion", ""))
    return parser


# Values of the options ---------------------------------------------------------------------------


class _Stdin:
    """Only one option may read stdin."""

    used: str | None = None

    @classmethod
    def take(cls, option: str) -> IO[str]:
        if cls.used is not None and cls.used != option:
            raise UsageError(f"{option}: stdin is already read by {cls.used}")
        cls.used = option
        return sys.stdin


def convert(kind: str, text: str, option: str, choices: tuple[str, ...] | None = None) -> Any:
    if kind == "int":
        try:
            return int(text.strip())
        except ValueError:
            raise UsageError(f"{option}: {text.strip()[:40]!r} is not a whole number") from None
    if kind == "float":
        try:
            return float(text.strip())
        except ValueError:
            raise UsageError(f"{option}: {text.strip()[:40]!r} is not a number") from None
    if kind == "bool":
        if text.lower() not in ("true", "false"):
            raise UsageError(f"{option}: use true or false")
        return text.lower() == "true"
    if kind == "json":
        return read_json(text, option)
    if choices is not None and text not in choices:
        raise UsageError(f"{option}: {text[:40]!r} is not one of {', '.join(choices)}")
    return text


def read_lines(path: str, option: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line of a file or stdin that is not blank or a # comment."""
    try:
        stream = _Stdin.take(option) if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        raise UsageError(f"{option}: cannot read {path}: {error.strerror}") from None
    try:
        number = 0
        while True:
            try:
                line = stream.readline(MAX_LINE + 1)
            except UnicodeDecodeError:
                raise UsageError(f"{option}: line {number + 1} of {path} is not UTF-8 text") from None
            if not line:
                return
            number += 1
            if len(line) > MAX_LINE:
                raise UsageError(f"{option}: line {number} of {path} is longer than {MAX_LINE} characters")
            text = line.strip()
            if text and not text.startswith("#"):
                yield number, text
    finally:
        if stream is not sys.stdin:
            stream.close()


def read_json(text: str, option: str) -> Any:
    """JSON given inline, as @file, or - (stdin)."""
    source = "the value"
    if text == "-" or text == "@-":
        text, source = _Stdin.take(option).read(1 << 20), "stdin"
    elif text.startswith("@"):
        try:
            with open(text[1:], encoding="utf-8") as file:
                text, source = file.read(1 << 20), text[1:]
        except OSError as error:
            raise UsageError(f"{option}: cannot read {text[1:]}: {error.strerror}") from None
    try:
        return json.loads(text)
    except ValueError as error:
        raise UsageError(f"{option}: {source} is not JSON ({error})") from None


def body_arguments(args: argparse.Namespace, command: dict[str, Any], batched: bool) -> dict[str, Any]:
    """The keyword arguments of the resource's method, from the options."""
    kwargs: dict[str, Any] = {}
    for option in command["options"]:
        name, kind = option["name"], option["kind"]
        given = getattr(args, "body_" + name, None)
        if kind == "object":
            kwargs.update(_object_argument(args, option, given))
        elif option["list"]:
            values: list[Any] | None = None
            if given is not None:
                values = [
                    convert(kind, part, flag(name), option["choices"])
                    for item in given
                    for part in item.split(",")
                    if part.strip()
                ]
            path = getattr(args, f"body_{name}__file", None) if batched else None
            if path is not None:
                values = (values or []) + [
                    convert(kind, text, f"{flag(name)}-file line {number}", option["choices"])
                    for number, text in read_lines(path, flag(name) + "-file")
                ]
            if values is None and option["required"]:
                raise UsageError(f"{flag(name)} is required")
            if values is not None:
                kwargs[name] = values
        elif given is not None:
            kwargs[name] = convert(kind, given, flag(name), option["choices"])
    return kwargs


def _object_argument(args: argparse.Namespace, option: dict[str, Any], given: str | None) -> dict[str, Any]:
    name = option["name"]
    members = {member["json"]: member for member in option["members"] or ()}
    value: Any = read_json(given, flag(name)) if given is not None else None
    if given is not None and value is None:
        if not option["nullable"]:
            raise UsageError(f"{flag(name)} cannot be null")
    elif value is not None and not isinstance(value, dict):
        raise UsageError(f"{flag(name)}: expected a JSON object")
    overrides = {
        member["json"]: convert(
            member["kind"], getattr(args, f"member_{name}__{member['name']}"), flag(member["name"]), member["choices"]
        )
        for member in members.values()
        if getattr(args, f"member_{name}__{member['name']}", None) is not None
    }
    if given is None and not overrides:
        if option["required"]:
            raise UsageError(f"{flag(name)} (or its members' options) is required")
        return {}
    data = dict(value or {}) | overrides
    for key, item in data.items():
        member = members.get(key)
        if member is None:
            raise UsageError(f"{flag(name)}: unknown member {key!r} (members: {', '.join(members)})")
        expected = {"int": int, "float": (int, float), "str": str, "bool": bool, "enum": str}.get(
            member["kind"], object
        )
        if not (item is None and member["nullable"]) and not isinstance(item, expected):  # type: ignore[arg-type]
            raise UsageError(f"{flag(name)}: {key} must be {member['kind']}{' or null' if member['nullable'] else ''}")
    if value is None and given is not None and not overrides:
        return {name: None}
    import importlib

    module, class_name = option["model"]
    model = getattr(importlib.import_module(module), class_name)
    return {name: model.from_dict(data)}


# Settings, the client and the safety catch -----------------------------------------------------


def _setting(args: argparse.Namespace, name: str) -> Any:
    return getattr(args, name, None)


def make_client(args: argparse.Namespace, transport: Any = None) -> FinerWorksClient:
    from . import FinerWorksClient

    for option, variable in (("web_api_key", "FINERWORKS_WEB_API_KEY"), ("app_key", "FINERWORKS_APP_KEY")):
        if not _setting(args, option) and not os.environ.get(variable):
            raise UsageError(f"no {option}: set {variable} (or pass {flag(option)})")
    settings: dict[str, Any] = {
        name: _setting(args, name)
        for name in ("web_api_key", "app_key", "environment", "base_url", "timeout", "deadline", "max_retries")
        if _setting(args, name) is not None
    }
    if transport is not None:
        settings["httpx_args"] = {"transport": transport}
    return FinerWorksClient(**settings)


def is_production(base_url: str) -> bool:
    from urllib.parse import urlsplit

    host = (urlsplit(base_url).hostname or "").lower()
    if host in LOOPBACK or host.startswith("127."):
        return False
    tests = {urlsplit(url).hostname for name, url in ENVIRONMENTS.items() if name in TEST_ENVIRONMENTS}
    return host not in tests


def confirm(args: argparse.Namespace, command: dict[str, Any], base_url: str, kwargs: dict[str, Any]) -> None:
    """The safety catch: a change on a production host asks on a terminal, and needs --yes otherwise."""
    if not is_mutating(command) or not is_production(base_url) or _setting(args, "yes") or _setting(args, "dry_run"):
        return
    what = f"{command['operation']} on the production host {base_url}"
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise UsageError(f"refusing {what} without --yes (not a terminal)")
    shown = ", ".join(f"{name}={_short(value)}" for name, value in kwargs.items())
    sys.stderr.write(f"{PROG}: {what}: {shown}\nThis changes a live order. Continue? [y/N] ")
    sys.stderr.flush()
    try:
        answer = sys.stdin.readline()
    except KeyboardInterrupt:
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        raise _Declined()


class _Declined(Exception):
    pass


def _short(value: Any) -> str:
    if hasattr(value, "to_dict"):
        value = value.to_dict()
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


# Output ---------------------------------------------------------------------------------------


def output_mode(args: argparse.Namespace) -> str:
    mode = _setting(args, "output")
    if mode is None:
        mode = "table" if sys.stdout.isatty() else "json"
    return str(mode)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return str(len(value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    text = " ".join(str(value).split())
    return text if len(text) <= 48 else text[:47] + "…"


def write_table(rows: list[dict[str, Any]], out: IO[str], prefix: dict[str, Any] | None = None) -> None:
    """rows as an aligned table: a column per member that is not null in every row."""
    columns: list[str] = []
    for row in rows:
        columns += [name for name in row if name not in columns]
    columns = [name for name in columns if any(row.get(name) is not None for row in rows)]
    cells = [[_cell(row.get(name)) for name in columns] for row in rows]
    widths = [max([len(name)] + [len(line[index]) for line in cells]) for index, name in enumerate(columns)]
    out.write("  ".join(name.ljust(width) for name, width in zip(columns, widths, strict=True)).rstrip() + "\n")
    for line in cells:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip() + "\n")


def write_summary(body: Any, out: IO[str], lists: dict[str, Any]) -> None:
    """A response for people: its lists of objects as tables (with their own lists of objects after
    them), everything else as name/value lines."""
    if not isinstance(body, dict):
        out.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        return
    tables = {name: body[name] for name in lists if isinstance(body.get(name), list)}
    if tables:
        for name, rows in tables.items():
            if not rows:
                out.write(f"no {name}\n")
                continue
            write_table(rows, out)
            key = next((member for member in lists[name] if member.endswith("_id")), None)
            nested: dict[str, list[dict[str, Any]]] = {}
            for row in rows:
                for member, value in row.items():
                    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
                        nested.setdefault(member, []).extend(
                            ({key: row.get(key)} if key else {}) | item for item in value
                        )
            for member, items in nested.items():
                out.write(f"\n{member}\n")
                write_table(items, out)
        return
    pairs: list[tuple[str, Any]] = []

    def flatten(value: dict[str, Any], path: str) -> None:
        for name, item in value.items():
            if isinstance(item, dict) and item:
                flatten(item, f"{path}{name}.")
            else:
                pairs.append((path + name, item))

    flatten(body, "")
    width = max((len(name) for name, _ in pairs), default=0)
    for name, value in pairs:
        if value is not None and value != "":
            out.write(f"{name.ljust(width)}  {_cell(value) if not isinstance(value, str) else value}\n")


def write_json(value: Any, out: IO[str]) -> None:
    out.write(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def redacted_request(request: httpx.Request, secrets: set[str]) -> dict[str, Any]:
    headers = {
        name: REDACTED if name.lower() in ("web_api_key", "app_key") or value in secrets else value
        for name, value in request.headers.items()
    }
    try:
        body: Any = json.loads(request.content) if request.content else None
    except ValueError:
        body = request.content.decode(errors="replace")
    return {"method": request.method, "url": str(request.url), "headers": headers, "body": body}


def write_request(request: dict[str, Any], mode: str, out: IO[str]) -> None:
    if mode == "json":
        out.write(json.dumps(request, ensure_ascii=False) + "\n")
        return
    out.write(f"{request['method']} {request['url']}\n")
    for name, value in request["headers"].items():
        out.write(f"{name}: {value}\n")
    out.write("\n" + json.dumps(request["body"], indent=2, ensure_ascii=False) + "\n")


# Running a command ------------------------------------------------------------------------------


def _secrets(args: argparse.Namespace) -> set[str]:
    values = {_setting(args, "web_api_key"), _setting(args, "app_key")}
    values |= {os.environ.get("FINERWORKS_WEB_API_KEY"), os.environ.get("FINERWORKS_APP_KEY")}
    return {value for value in values if value}


class _DryRunTransport:
    """In place of httpx's transport for --dry-run: hands the request back instead of sending it."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise _DryRun(request)

    def close(self) -> None:
        pass


def run(args: argparse.Namespace) -> int:
    resource, method = args.command
    command = COMMANDS[resource][method]
    batched = batch_keys(command)
    kwargs = body_arguments(args, command, batched is not None)
    batch_size = _bounded(args, "batch_size", BATCH_SIZE, MAX_BATCH_SIZE)
    in_flight = _bounded(args, "in_flight", IN_FLIGHT, MAX_IN_FLIGHT)
    dry_run = bool(_setting(args, "dry_run"))
    mode = output_mode(args)
    if _setting(args, "verbose"):
        import logging

        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(f"{PROG}: %(message)s"))
        logger = logging.getLogger("finerworks_client")  # its records never hold a key
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG if args.verbose > 1 else logging.INFO)
    try:
        client = make_client(args, _DryRunTransport() if dry_run else None)
    except ConfigurationError as error:  # in the words of the command line, not of Python
        message = str(error)
        for name in ("web_api_key", "app_key", "base_url", "environment", "timeout", "deadline", "max_retries"):
            message = message.replace(f"from {name}=", f"from {flag(name)}").replace(
                f"pass {name}=...", f"pass {flag(name)}"
            )
        raise UsageError(message) from None
    with client:
        confirm(args, command, client.base_url, kwargs)
        call = getattr(getattr(client, resource).with_raw_response, method)
        out = sys.stdout
        if batched is not None and any(name in kwargs for name in batched[1]):
            return fetch_in_batches(call, kwargs, batched, batch_size, in_flight, mode, dry_run, _secrets(args), out)
        try:
            raw = call(**kwargs)
        except _DryRun as stop:
            write_request(redacted_request(stop.request, _secrets(args)), mode, out)
            return EXIT_OK
        body = json.loads(raw.http_response.content)
        if mode == "json":
            write_json(body, out)
        else:
            write_summary(body, out, command["response_lists"])
    return EXIT_OK


def _bounded(args: argparse.Namespace, name: str, default: int, most: int) -> int:
    value = _setting(args, name)
    if value is None:
        return default
    if not 1 <= value <= most:
        raise UsageError(f"{flag(name)} must be 1 to {most}")
    return int(value)


def fetch_in_batches(
    call: Callable[..., Any],
    kwargs: dict[str, Any],
    batched: tuple[str, dict[str, str]],
    batch_size: int,
    in_flight: int,
    mode: str,
    dry_run: bool,
    secrets: set[str],
    out: IO[str],
) -> int:
    """Look the keys up in batches, at most in_flight at a time; write the results in input order,
    each once; name every key not found on stderr."""
    list_name, keys = batched
    members = tuple(keys.values())
    others = {name: value for name, value in kwargs.items() if name not in keys}
    batches: list[tuple[str, list[Any]]] = []
    for name in keys:
        unique = list(dict.fromkeys(kwargs.get(name) or ()))
        batches += [(name, unique[start : start + batch_size]) for start in range(0, len(unique), batch_size)]
    if not batches:  # empty lists: one request, as asked
        batches = [(name, []) for name in keys if name in kwargs][:1]
    total = sum(len(values) for _, values in batches)

    def fetch(batch: tuple[str, list[Any]]) -> Any:
        try:
            raw = call(**others, **{batch[0]: batch[1]})
        except _DryRun as stop:
            return redacted_request(stop.request, secrets)
        return json.loads(raw.http_response.content)

    if dry_run:
        for batch in batches:
            write_request(fetch(batch), mode, out)
        return EXIT_OK
    writer = _BatchWriter(list_name, members, mode, out)
    progress = _Progress(total) if sys.stderr.isatty() and len(batches) > 1 else None
    emitted: set[tuple[Any, ...]] = set()
    fields = tuple(keys.values())
    missing = 0
    failure: BaseException | None = None
    done = 0
    for batch, result in _ordered(fetch, batches, in_flight):
        if isinstance(result, BaseException):
            failure = result
            break
        name, values = batch
        found = result.get(list_name) if isinstance(result, dict) else None
        items = [item for item in found or () if isinstance(item, dict)]
        index: dict[Any, list[dict[str, Any]]] = {}
        for item in items:
            index.setdefault(item.get(keys[name]), []).append(item)
        matched: list[dict[str, Any]] = []
        for value in values:
            hits = index.pop(value, None)
            if not hits:
                missing += 1
                if progress:
                    progress.clear()
                sys.stderr.write(f"{PROG}: not found: {keys[name]} {value}\n")
            matched += hits or []
        for item in matched + [item for rest in index.values() for item in rest]:  # nothing returned is dropped
            identity = tuple(json.dumps(item.get(field)) for field in fields)
            if identity not in emitted:
                emitted.add(identity)
                writer.item(result, item)
        done += len(values)
        if progress:
            progress.show(done)
    if progress:
        progress.clear()
    writer.close(failed=failure is not None)
    if failure is not None:
        sys.stderr.write(f"{PROG}: {total - done} of {total} not looked up:\n")
        raise failure
    if missing and sys.stderr.isatty():
        sys.stderr.write(f"{PROG}: {total - missing} of {total} found, {missing} not found\n")
    return EXIT_NOT_FOUND if missing else EXIT_OK


def _ordered(fetch: Callable[[Any], Any], batches: list[Any], in_flight: int) -> Iterator[tuple[Any, Any]]:
    """(batch, result or exception) in the order of batches, at most in_flight running at a time."""
    if len(batches) == 1 or in_flight == 1:
        for batch in batches:
            try:
                yield batch, fetch(batch)
            except FinerWorksError as error:
                yield batch, error
        return
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(in_flight) as pool:
        window: deque[Any] = deque()
        pending = iter(batches)
        try:
            for batch in pending:
                window.append((batch, pool.submit(fetch, batch)))
                if len(window) >= in_flight:
                    yield _result(*window.popleft())
            while window:
                yield _result(*window.popleft())
        finally:
            for _, future in window:
                future.cancel()


def _result(batch: Any, future: Any) -> tuple[Any, Any]:
    try:
        return batch, future.result()
    except FinerWorksError as error:
        return batch, error


class _BatchWriter:
    """Writes the merged response as the results come: the first response's members, with the
    list of all the batches' items (JSON, streamed), or a table at the end (for people)."""

    def __init__(self, list_name: str, members: tuple[str, ...], mode: str, out: IO[str]) -> None:
        self.list_name, self.members, self.mode, self.out = list_name, members, mode, out
        self.head: dict[str, Any] | None = None
        self.rows: list[dict[str, Any]] = []
        self.count = 0

    def item(self, body: dict[str, Any], item: dict[str, Any]) -> None:
        self._start(body)
        if self.mode == "json":
            text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n    ")
            self.out.write(("\n    " if self.count == 0 else ",\n    ") + text)
        else:
            self.rows.append(item)
        self.count += 1

    def _start(self, body: dict[str, Any]) -> None:
        if self.head is not None:
            return
        self.head = {name: value for name, value in body.items() if name != self.list_name}
        if self.mode == "json":
            self.out.write("{\n")
            for name, value in self.head.items():
                text = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
                self.out.write(f"  {json.dumps(name)}: {text},\n")
            self.out.write(f"  {json.dumps(self.list_name)}: [")

    def close(self, failed: bool = False) -> None:
        """End the output; after a failure, only what was written is completed (never an empty list)."""
        if failed and self.head is None:
            return
        if self.mode == "json":
            if self.head is None:
                self.out.write("{\n  " + json.dumps(self.list_name) + ": [")
            self.out.write("\n  ]\n}\n" if self.count else "]\n}\n")
        else:
            write_summary({self.list_name: self.rows}, self.out, {self.list_name: self.members})


class _Progress:
    """A progress bar on stderr (only made when stderr is a terminal)."""

    def __init__(self, total: int) -> None:
        self.total = total

    def show(self, done: int) -> None:
        filled = 30 * done // max(self.total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total}")
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


# The entry point ------------------------------------------------------------------------------


def exit_code(error: FinerWorksError) -> int:
    for code, _, classes in EXIT_CODES:
        if classes and isinstance(error, classes):
            return code
    return EXIT_FAILED


def describe(error: FinerWorksError, command: dict[str, Any] | None) -> str:
    """The error's message, and FinerWorks' messages per field, each on a line naming its option."""
    lines = [f"{PROG}: {FinerWorksError.__str__(error)}"]
    if isinstance(error, ValidationError):
        flags = {option["json"]: flag(option["name"]) for option in (command or {}).get("options", ())}
        for field, messages in error.field_errors.items():
            parts = field.split(".")
            member = next((part for part in parts if part in flags), None)
            where = f"{field} ({flags[member]})" if member else field
            lines.append(f"  {where}: {' '.join(messages) or 'invalid'}")
    return "\n".join(lines)


def _redact(text: str, secrets: set[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def _argv_secrets(argv: list[str]) -> set[str]:
    """Values given to the key options, however spelt, for redaction of argparse's own messages."""
    found = set()
    for index, word in enumerate(argv):
        name, equals, value = word.partition("=")
        if name.lstrip("-").replace("_", "-") in ("web-api-key", "app-key"):
            if equals and value:
                found.add(value)
            elif index + 1 < len(argv):
                found.add(argv[index + 1])
    return {value for value in found if value}


def main(argv: list[str] | None = None) -> int:
    """The `finerworks` console script. Returns the exit code (EXIT_CODES)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    _Stdin.used = None
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (argcomplete's protocol)
        try:
            import argcomplete
        except ImportError:
            return EXIT_FAILED
        argcomplete.autocomplete(parser)
    secrets = _argv_secrets(argv) | {
        value for value in (os.environ.get("FINERWORKS_WEB_API_KEY"), os.environ.get("FINERWORKS_APP_KEY")) if value
    }
    command: dict[str, Any] | None = None
    try:
        try:
            args = parser.parse_args(argv)
        except SystemExit as exit:  # argparse's usage error (its message on stderr) or --help
            return int(exit.code or 0) if isinstance(exit.code, int) else EXIT_USAGE
        if getattr(args, "command", None) is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        if args.command[0] == "completion":
            return completion(args.shell)
        command = COMMANDS[args.command[0]][args.command[1]]
        return run(args)
    except UsageError as error:
        sys.stderr.write(_redact(f"{PROG}: {error}\n", secrets))
        return EXIT_USAGE
    except _Declined:
        sys.stderr.write(f"{PROG}: not confirmed: nothing sent\n")
        return EXIT_FAILED
    except FinerWorksError as error:
        sys.stderr.write(_redact(describe(error, command), secrets) + "\n")
        return exit_code(error)
    except KeyboardInterrupt:
        sys.stderr.write(f"\n{PROG}: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except Exception as error:  # a bug of ours: one line, never a traceback that may hold a key
        sys.stderr.write(
            _redact(f"{PROG}: internal error ({type(error).__name__}: {error}); please report it\n", secrets)
        )
        return EXIT_FAILED


def completion(shell: str) -> int:
    try:
        import argcomplete
    except ImportError:
        sys.stderr.write(f"{PROG}: shell completion needs argcomplete: {INSTALL_CLI}\n")
        return EXIT_FAILED
    sys.stdout.write(argcomplete.shellcode([PROG], shell=shell))  # type: ignore[attr-defined]
    return EXIT_OK
