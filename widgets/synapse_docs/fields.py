"""The `field: value` bodies of the site's fences (`synapse`, `synapse-table`), read one way.

PyYAML's safe loader, except that a field given twice is an error (`safe_load` keeps the last
one silently), and any YAML error comes back as a :class:`FieldsError` with its line in the
fence body and a hint for the commonest mistake.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["FieldsError", "load_fields"]


class FieldsError(ValueError):
    """The body is not valid `field: value` YAML: ``line`` is 0-based within the body."""

    def __init__(self, line: int, detail: str) -> None:
        super().__init__(detail)
        self.line = line
        self.detail = detail


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a field given twice."""


def _mapping_without_repeats(loader: _Loader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"field '{key}' is given twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats)


def load_fields(source: str) -> Any:
    """Return the body's data (``{}`` for an empty body).

    Raises:
        FieldsError: not valid YAML, or a field given twice.
    """
    try:
        data = yaml.load(source, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line if mark is not None else 0
        detail = getattr(error, "problem", None) or str(error)
        if "mapping values are not allowed" in detail:
            detail += " (quote a value that contains ': ', e.g. caption: \"...\")"
        raise FieldsError(line, detail) from None
    return {} if data is None else data
