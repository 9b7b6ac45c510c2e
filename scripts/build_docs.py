"""make docs: build the HTML API reference from openapi.yaml into build/docs/index.html.

Redocly's build-docs --inlineBundle embeds Redoc's scripts in the page, but Redoc's "API docs by
Redocly" badge still loads its logo from a CDN (and no option turns the badge off). The logo URLs
are replaced here by an inline SVG, so the page makes no request beyond itself: it works offline
and from a file. tests/scripts/test_docs.py checks that in Chromium.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "build" / "docs" / "index.html"
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
CDN_LOGO = re.compile(r"https://cdn\.redoc\.ly/redoc/logo-mini(?:-full)?\.svg")
INLINE_LOGO = "data:image/svg+xml," + urllib.parse.quote(
    '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="16">'
    '<text x="0" y="12" font-size="11">Redoc</text></svg>'
)


def main() -> int:
    command = [str(REDOCLY), "build-docs", str(ROOT / "openapi.yaml"), "--inlineBundle", "--output", str(OUTPUT)]
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
