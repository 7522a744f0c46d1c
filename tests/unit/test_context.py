"""The build errors import and behave without MkDocs installed (other builders)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

WIDGETS = Path(__file__).resolve().parents[2] / "widgets"

WITHOUT_MKDOCS = f"""
import sys
sys.path.insert(0, {str(WIDGETS)!r})
class Block:  # makes `import mkdocs...` fail, as on a machine without MkDocs
    def find_spec(self, name, path=None, target=None):
        if name == "mkdocs" or name.startswith("mkdocs."):
            raise ImportError("no mkdocs here")
        return None
sys.meta_path.insert(0, Block())
from synapse_docs.context import BuildError
error = BuildError("docs/a.md:3: bad")
assert isinstance(error, ValueError), BuildError.__mro__
print(type(error).__mro__[1].__name__, str(error))
"""


def test_build_error_imports_without_mkdocs() -> None:
    out = subprocess.run(
        [sys.executable, "-c", WITHOUT_MKDOCS], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "PluginError docs/a.md:3: bad"


def test_build_error_is_mkdocs_plugin_error_under_mkdocs() -> None:
    from mkdocs.exceptions import PluginError

    from synapse_docs.context import BuildError

    assert issubclass(BuildError, PluginError)
    assert issubclass(BuildError, ValueError)
