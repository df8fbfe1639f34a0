"""``python -m newsread.tui`` and the ``newsread`` console script."""

from __future__ import annotations

import sys

from .cli import main as _main


def main() -> None:
    """Run newsread with the process arguments and exit with its code."""
    sys.exit(_main())


if __name__ == "__main__":
    main()
