"""``python -m newsread.tui`` and the ``newsread`` console script."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run newsread with the process arguments and exit with its code.

    The command-line module is imported inside the ``try`` so that a Ctrl-C
    during start-up (imports take a moment on a cold machine) also ends with
    exit code 130 and one line, never a traceback.
    """
    try:
        from .cli import main as run

        code = run()
    except KeyboardInterrupt:
        print("newsread: interrupted", file=sys.stderr)
        code = 130
    if code == 130:
        # Interrupted: leave at once. Finalising torch after a Ctrl-C sometimes ends the
        # process by SIGINT instead of exit code 130 (measured: 1 run in 6). Nothing is
        # lost: the cache commits per batch and files are written by rename.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(130)
    sys.exit(code)


if __name__ == "__main__":
    main()
