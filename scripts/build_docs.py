"""make docs: build the HTML API reference from openapi.yaml into build/docs/index.html.

Each claim's source (openapi.yaml's `x-evidence` on operations, responses, schema members,
servers) is written into its description first, as a "Source" paragraph, so the reference shows
it per member: Redoc renders descriptions, not extensions. The spec itself is not changed; the
page is built from a copy in build/docs/.

Redocly's build-docs --inlineBundle embeds Redoc's scripts in the page, but Redoc's "API docs by
Redocly" badge still loads its logo from a CDN (and no option turns the badge off). The logo URLs
are replaced here by an inline SVG, so the page makes no request beyond itself: it works offline
and from a file. tests/scripts/test_docs.py checks that in Chromium.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path
from typing import Any

from finerworks_mock.spec import load_yaml

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "build" / "docs" / "index.html"
ANNOTATED = ROOT / "build" / "docs" / "openapi.yaml"  # openapi.yaml with each source in its description
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
CDN_LOGO = re.compile(r"https://cdn\.redoc\.ly/redoc/logo-mini(?:-full)?\.svg")
INLINE_LOGO = "data:image/svg+xml," + urllib.parse.quote(
    '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="16">'
    '<text x="0" y="12" font-size="11">Redoc</text></svg>'
)


def source_text(evidence: dict[str, Any]) -> str:
    """An x-evidence value as a Markdown paragraph: its kind, then each page, observation, reasoning."""
    parts = [f"**Source: {evidence['kind']}.**"]
    pages = evidence.get("pages", [])
    if pages:
        parts.append("FinerWorks' pages: " + ", ".join(f"[{page.split('://', 1)[1]}]({page})" for page in pages) + ".")
    for seen in evidence.get("observations", []):
        url = f"https://github.com/{seen['repo']}"
        parts.append(f"Observed by [{seen['repo']}]({url}) `{seen['path']}`: {seen['what'].rstrip('.')}.")
    for name, label in (("reasoning", "Inferred"), ("note", "Note")):
        if evidence.get(name):
            parts.append(f"{label}: {evidence[name].rstrip('.')}.")
    return " ".join(parts)


def annotated(document: Any) -> Any:
    """document with each x-evidence written at the end of its object's description."""
    if isinstance(document, list):
        return [annotated(item) for item in document]
    if not isinstance(document, dict):
        return document
    node = {key: annotated(value) for key, value in document.items()}
    evidence = node.get("x-evidence")
    if isinstance(evidence, dict) and "kind" in evidence:
        description = str(node.get("description", "")).rstrip()
        node["description"] = (description + "\n\n" if description else "") + source_text(evidence)
    return node


def main() -> int:
    document = load_yaml((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    ANNOTATED.parent.mkdir(parents=True, exist_ok=True)
    # JSON is YAML: the copy needs no YAML writer's quoting rules.
    ANNOTATED.write_text(json.dumps(annotated(document), indent=1, ensure_ascii=False), encoding="utf-8")
    command = [str(REDOCLY), "build-docs", str(ANNOTATED), "--inlineBundle", "--output", str(OUTPUT)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        return result.returncode
    html = OUTPUT.read_text(encoding="utf-8")
    html, replaced = CDN_LOGO.subn(INLINE_LOGO, html)
    if replaced == 0:
        sys.stderr.write("warning: Redoc's CDN logo URL was not found; check the page for outside requests\n")
    OUTPUT.write_text(html, encoding="utf-8")
    print(f"API reference: {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size // 1024} KiB, no outside requests)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
