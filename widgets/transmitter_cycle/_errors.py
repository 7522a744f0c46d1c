"""The package's one exception: bad input, named by field, rule and value."""

from __future__ import annotations

__all__ = ["ParameterError"]


class ParameterError(ValueError):
    """Raise for any invalid input to the model: names the field, the rule broken and the value.

    Attributes:
        field: the input at fault (``"reuptake_block"``, ``"preset"``, ``"spikes"``, ...).
        rule: the rule it broke, in words (``"must be between 0 and 1"``).
        value: the offending value, as given.
    """

    def __init__(self, field: str, rule: str, value: object) -> None:
        self.field = field
        self.rule = rule
        self.value = value
        super().__init__(f"{field!r} {rule} (got {value!r})")
