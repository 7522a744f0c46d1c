"""Build the site with MkDocs and with ProperDocs and check that the outputs are the same.

Run by `./dev properdocs`. Every file must be byte-identical, except the generator `<meta>` line
of each page (it names the builder), and, in the service worker (`sw.js`), the build's version and
the pages' sizes, which that line changes: its list of files must still be the same. Exit status
1, with the first differences, otherwise.

Run: python tests/site/compare_builds.py [DIR]   (DIR: keep ProperDocs's output there)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
#: the service worker's build: a version and sizes that hash and count the generator line
SW_BUILD = re.compile(rb"const BUILD = (\{.*?\});\n")


def comparable(data: bytes) -> bytes:
    """The bytes as compared: no generator line, and a service worker's list of paths only."""
    data = GENERATOR.sub(b"", data)
    build = SW_BUILD.search(data)
    if build is None:
        return data
    paths = [f["path"] for f in json.loads(build.group(1))["files"]]
    return data[: build.start(1)] + json.dumps(paths).encode() + data[build.end(1) :]


def build(tool: str, dest: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [tool, "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(dest)]
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def main(keep: Path | None = None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        mk, pd = Path(tmp) / "mkdocs", keep or Path(tmp) / "properdocs"
        for tool, dest in (("mkdocs", mk), ("properdocs", pd)):
            start = time.perf_counter()
            build(tool, dest)
            print(f"{tool} build --strict: {time.perf_counter() - start:.1f} s")
        a, b = files(mk), files(pd)
    differ = sorted(set(a) ^ set(b))
    for name in sorted(set(a) & set(b)):
        if comparable(a[name]) != comparable(b[name]):
            differ.append(name)
    print(f"MkDocs and ProperDocs: {len(a)} and {len(b)} files; {len(differ)} differ")
    for name in differ[:20]:
        print(f"  differs: {name}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
