"""The site's stand-in for Pyodide's `pyodide/_package_loader.py` (not imported here: assets.py
puts this file's source into the runtime's standard library in place of the stock module).

Why: the site loads no package (no micropip, no wheels; its lock file lists none), yet Pyodide
imports its package loader at every start-up, and the stock module imports `shutil`,
`tempfile`, `random`, `zipfile`, `bz2`, `lzma` and `compression.zstd` to unpack wheels: about
90 KB of the reader's download (gzip) and 15 modules to run before a figure goes live. This
stand-in keeps what Pyodide's start-up reads (the names its JavaScript uses: `SITE_PACKAGES`,
`DSO_DIR`, `init_loaded_packages`, `get_install_dir`, `unpack_buffer`), with the stock values.
Installing a package fails with a readable reason. tests/unit/test_runtime_build.py checks
that every name Pyodide's JavaScript reads from the package loader is defined here, so an
upgraded Pyodide that needs another one fails the tests, not the reader's figure.
"""

import sys
from pathlib import Path
from site import getsitepackages

SITE_PACKAGES = Path(getsitepackages()[0])
# the stock module's choice: /usr/lib outside a virtual environment
DSO_DIR = Path("/usr/lib") if sys.base_prefix == sys.prefix else SITE_PACKAGES.parents[1]
TARGETS = {"site": SITE_PACKAGES, "dynlib": DSO_DIR}


def init_loaded_packages() -> None:
    """Pyodide's start-up: record the packages already installed (this runtime has none)."""


def get_install_dir(target: str | None = None) -> str:
    """The directory a package of `target` ("site" or "dynlib") would be installed into."""
    return str(TARGETS.get(target or "site", SITE_PACKAGES))


def unpack_buffer(*args: object, **kwargs: object) -> None:
    """Installing a package: not in this site's runtime (it loads none)."""
    raise RuntimeError(
        "this site's Python runtime installs no packages (its package loader is a stand-in; "
        "see widgets/synapse_docs/pyodide_package_loader.py)"
    )
