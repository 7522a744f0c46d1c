"""Build the site with MkDocs and with ProperDocs and check that the outputs are the same.

Run by `./dev properdocs`. Every file must be byte-identical, except the generator `<meta>` line
of each page (it names the builder). Exit status 1, with the first differences, otherwise.

Run: python tests/site/compare_builds.py [DIR]   (DIR: keep ProperDocs's output there)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


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
        if GENERATOR.sub(b"", a[name]) != GENERATOR.sub(b"", b[name]):
            differ.append(name)
    print(f"MkDocs and ProperDocs: {len(a)} and {len(b)} files; {len(differ)} differ")
    for name in differ[:20]:
        print(f"  differs: {name}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
