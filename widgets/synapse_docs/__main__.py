"""`python -m synapse_docs finish SITE`: finish a site built without MkDocs's hooks.

Writes what the hooks add during an MkDocs build (the live-figure runtime, the browser packages,
the worker's hashes) into the built `SITE`, then the Content-Security-Policy of every page, then
the service worker for offline reading. For builders that read mkdocs.yml but ignore `hooks:`
(Zensical, for example). Needs no MkDocs; a theme change (theme.py) whose text the site's theme
does not have is skipped with a warning.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from synapse_docs.assets import write_assets
from synapse_docs.context import BuildError
from synapse_docs.csp import secure_site
from synapse_docs.offline import write_service_worker
from synapse_docs.theme import inserted_styles, patch_site


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="synapse_docs", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    finish = sub.add_parser("finish", help="add the runtime and the security policy to a site")
    finish.add_argument("site", type=Path)
    finish.add_argument("--repository", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(levelname)s: %(name)s: %(message)s")  # theme.py's warnings
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} is not a built site (no index.html)")
    try:
        written = write_assets(args.site, args.repository)
    except BuildError as error:
        print(error, file=sys.stderr)
        return 1
    patch_site(args.site)  # the theme's files, when the site has them (see theme.py)
    hashes = secure_site(args.site, styles=inserted_styles(args.site))
    write_service_worker(args.site)  # last: it hashes the pages' final bytes
    print(f"{args.site}: {len(written)} runtime files, a policy with {hashes} script hashes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
