"""Vendor YASGUI's built bundle into the web room's static folder (`make yasgui`).

npm installs the pinned @zazuko/yasgui into a temporary folder; this copies its dist files and
writes one LICENSE with the licence of YASGUI and of every package its bundle is built from.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE = "@zazuko/yasgui"
VERSION = "4.6.2"  # pinned: `npm view @zazuko/yasgui versions`; change it here and run `make yasgui`
FILES = ("yasgui.min.js", "yasgui.min.css")
TARGET = Path(__file__).resolve().parent.parent / "src" / "pressrum" / "web" / "static" / "yasgui"
LICENCE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "License.txt", "license", "license.txt", "LICENCE")
MIT = """MIT License

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT
OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def licences(modules: Path) -> str:
    """Return the licence text of YASGUI and of every package installed with it."""
    parts = []
    for manifest in sorted(modules.glob("**/package.json")):
        folder = manifest.parent
        if "build" in folder.relative_to(modules).parts or folder.parent.name not in ("node_modules",) and \
                not folder.parent.name.startswith("@"):
            continue
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        if "name" not in meta or "version" not in meta:
            continue
        found = next((folder / n for n in LICENCE_NAMES if (folder / n).is_file()), None)
        if found is not None:
            text = found.read_text(encoding="utf-8", errors="replace")
        else:  # the @zazuko packages ship no licence file; their package.json declares MIT
            people = [meta.get("author", "")] + list(meta.get("contributors", []))
            authors = ", ".join(p.get("name", "") if isinstance(p, dict) else str(p) for p in people if p)
            text = f"{meta.get('license')} (declared in package.json; authors: {authors})\n\n" + \
                (MIT if meta.get("license") == "MIT" else "")
        parts.append(f"{'=' * 78}\n{meta['name']} {meta['version']} ({meta.get('license')})\n{'=' * 78}\n{text}")
    return "".join(parts)


def main() -> int:
    """Install the pinned package in a temporary folder and copy its bundle and licences."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "install", "--prefix", tmp, "--no-audit", "--no-fund", "--ignore-scripts",
                        "--no-save", f"{PACKAGE}@{VERSION}"], check=True)
        modules = Path(tmp) / "node_modules"
        build = modules / PACKAGE / "build"
        TARGET.mkdir(parents=True, exist_ok=True)
        sums = []
        for name in FILES:
            shutil.copyfile(build / name, TARGET / name)
            sums.append(f"{hashlib.sha256((TARGET / name).read_bytes()).hexdigest()}  {name}")
        (TARGET / "LICENSE").write_text(
            f"The files in this folder are the built bundle of {PACKAGE} {VERSION}, copied unchanged by\n"
            f"`make yasgui` (tools/vendor_yasgui.py). The bundle contains the packages below.\n\n"
            + licences(modules), encoding="utf-8")
        (TARGET / "VERSION").write_text(f"{PACKAGE} {VERSION}\n" + "\n".join(sums) + "\n", encoding="utf-8")
    print(f"vendored {PACKAGE} {VERSION} into {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
