"""One frozen Settings object carries every option from CLI/API down to the stages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Settings:
    """Pipeline options.

    ``keep_unplaced``: also emit events for which no place could be resolved
    (location null). Off by default: like ACLED, an event the text does not
    place is not coded; on, it shows what the detector found (the coverage
    suite uses it).
    """

    keep_unplaced: bool = False
