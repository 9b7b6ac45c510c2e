"""Print the public surface of a generated client package as JSON: what user code can import and call.

    python scripts/surface.py TREE [PACKAGE]    # TREE holds the package folder (generated/, or an old copy)

Run in a process of its own for each tree (scripts/changes.py does), since it imports the package.
The surface is a flat map from a dotted name to what user code relies on there:

- every module whose dotted path has no `_`-prefixed part;
- in each, its public names (its `__all__`, or else the names it defines without a leading `_`);
  a name it re-exports from elsewhere is an alias, and the object is described where it is defined;
- for a function or method, its parameters (name, kind, whether required, annotation) and return
  annotation; for a class, its bases, its constructor, its own public methods and properties,
  its attrs fields (the members of a generated model) and its enum members.

Annotations are kept as the source writes them (the generated modules use
`from __future__ import annotations`), so a change of type shows as a change of text.
"""

from __future__ import annotations

import ast
import enum
import importlib
import inspect
import json
import pkgutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

Surface = dict[str, dict[str, Any]]


def annotation(value: Any) -> str | None:
    if value is inspect.Parameter.empty:  # Signature.empty too: the same sentinel
        return None
    return value if isinstance(value, str) else inspect.formatannotation(value)


def signature(function: Any) -> dict[str, Any]:
    try:
        sig = inspect.signature(function)
    except (TypeError, ValueError):  # a builtin without a signature
        return {"params": [], "returns": None}
    params = []
    for parameter in sig.parameters.values():
        if parameter.name in ("self", "cls"):
            continue
        params.append(
            {
                "name": parameter.name,
                "kind": parameter.kind.name,
                "required": parameter.default is inspect.Parameter.empty
                and parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD),
                "annotation": annotation(parameter.annotation),
            }
        )
    return {"params": params, "returns": annotation(sig.return_annotation)}


def describe_class(name: str, cls: type, surface: Surface) -> None:
    bases = [f"{base.__module__}.{base.__qualname__}" for base in cls.__bases__ if base is not object]
    surface[name] = {"kind": "class", "bases": bases}
    if issubclass(cls, enum.Enum):
        for member in cls:
            surface[f"{name}.{member.name}"] = {"kind": "enum member", "value": repr(member.value)}
        return
    if "__init__" in cls.__dict__ or attrs.has(cls):
        surface[f"{name}.__init__"] = {"kind": "constructor", **signature(cls)}
    if attrs.has(cls):
        for field in attrs.fields(cls):
            if not field.name.startswith("_"):
                surface[f"{name}.{field.name}"] = {"kind": "attribute", "annotation": annotation(field.type)}
    for member_name, member in vars(cls).items():
        if member_name.startswith("_"):
            continue
        if isinstance(member, property):
            returns = annotation(inspect.signature(member.fget).return_annotation) if member.fget else None
            surface[f"{name}.{member_name}"] = {"kind": "property", "annotation": returns}
        elif isinstance(member, (staticmethod, classmethod)) or inspect.isfunction(member):
            function = member.__func__ if isinstance(member, (staticmethod, classmethod)) else member
            surface[f"{name}.{member_name}"] = {"kind": "method", **signature(function)}


def top_level_assignments(module: ModuleType) -> set[str]:
    """Names a module assigns at its top level (its constants), read from its source."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(target.id for target in targets if isinstance(target, ast.Name))
    return names


def describe_module(module: ModuleType, surface: Surface) -> None:
    surface[module.__name__] = {"kind": "module"}
    assigned = top_level_assignments(module)
    if hasattr(module, "__all__"):
        names = list(module.__all__)
    else:
        names = [name for name in vars(module) if not name.startswith("_")]
    for name in names:
        value = getattr(module, name)
        qualified = f"{module.__name__}.{name}"
        if isinstance(value, ModuleType):
            if hasattr(module, "__all__"):
                surface[qualified] = {"kind": "alias", "target": value.__name__}
            continue
        if inspect.isclass(value) or inspect.isfunction(value):
            home = f"{value.__module__}.{value.__qualname__}"
            if home != qualified:
                # Re-exported on purpose (listed in __all__) from elsewhere in the package; what
                # a module merely imports for its own use (httpx, typing, a sibling) is not surface.
                if hasattr(module, "__all__") and home.startswith(module.__name__.split(".")[0] + "."):
                    surface[qualified] = {"kind": "alias", "target": home}
                    if home not in surface:
                        describe(home, value, surface)
                continue
            describe(qualified, value, surface)
        elif (name in assigned or hasattr(module, "__all__")) and type(value).__module__ != "typing":
            surface[qualified] = {"kind": "constant", "type": type(value).__name__}


def describe(name: str, value: Any, surface: Surface) -> None:
    if inspect.isclass(value):
        describe_class(name, value, surface)
    else:
        surface[name] = {"kind": "function", **signature(value)}


def surface_of(tree: Path, package: str) -> Surface:
    sys.path.insert(0, str(tree))
    root = importlib.import_module(package)
    # The folder, not the file: the package's modules may be links to files elsewhere (generated/
    # links the hand-written runtime from generator/package/), and it is the folder that was imported.
    if Path(root.__file__ or "").parent.resolve() != (tree / package).resolve():
        raise SystemExit(f"imported {root.__file__}, not the package in {tree}")
    surface: Surface = {}
    modules = [root] + [
        importlib.import_module(info.name) for info in pkgutil.walk_packages(root.__path__, package + ".")
    ]
    for module in modules:
        if not any(part.startswith("_") for part in module.__name__.split(".")):
            describe_module(module, surface)
    return dict(sorted(surface.items()))


def main() -> int:
    tree = Path(sys.argv[1])
    package = sys.argv[2] if len(sys.argv) > 2 else "finerworks_client"
    json.dump(surface_of(tree, package), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
