"""The error of a release text or source record that does not follow the expected layout."""

from __future__ import annotations


class ReleaseFormatError(ValueError):
    """A release text that does not follow the expected layout."""

    def __init__(self, source: str, line: int, message: str) -> None:
        super().__init__(f"{source}:{line}: {message}")
        self.source = source
        self.line = line
        self.message = message
