"""The site's features live in Markdown extensions and plain functions, not only in MkDocs hooks.

Builders that read mkdocs.yml but ignore `hooks:` (Zensical) must still run the `synapse` fence:
it is registered in mkdocs.yml as a SuperFences custom fence.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml, keeping `!!python/name:` tags as their dotted names."""


_Loader.add_multi_constructor(
    "tag:yaml.org,2002:python/name:", lambda _loader, suffix, _node: ("name", suffix)
)
_Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def _config() -> dict[str, Any]:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def test_synapse_fence_is_registered_in_mkdocs_yml() -> None:
    extensions = _config()["markdown_extensions"]
    superfences = next(
        e["pymdownx.superfences"]
        for e in extensions
        if isinstance(e, dict) and "pymdownx.superfences" in e
    )
    (fence,) = [f for f in superfences["custom_fences"] if f["name"] == "synapse"]
    for role in ("format", "validator"):
        kind, dotted = fence[role]
        assert kind == "name"
        module, _, name = dotted.rpartition(".")
        assert callable(getattr(importlib.import_module(module), name)), dotted


def test_hooks_do_not_register_the_fence() -> None:
    hooks = (ROOT / "widgets" / "synapse_docs" / "hooks.py").read_text(encoding="utf-8")
    assert "custom_fences" not in hooks
    assert "def on_config" not in hooks
