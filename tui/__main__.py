"""``python -m newsread.tui`` and the ``newsread`` console script."""

from __future__ import annotations

import os
import sys
import threading


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
    if code == 130 or _busy_threads():
        # Interrupted, or quit while a worker still loads the model or aligns: leave
        # at once. Finalising torch after a Ctrl-C sometimes ends the process by
        # SIGINT instead of exit code 130 (measured: 1 run in 6), and the interpreter
        # would otherwise wait for the worker (q while the model loaded took 4.6 s to
        # give the terminal back). Nothing is lost: the cache commits per batch in a
        # transaction, and files are written by rename.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _busy_threads() -> bool:
    """Whether a thread other than this one would keep the process alive at exit."""
    current = threading.current_thread()
    return any(t is not current and t.is_alive() and not t.daemon for t in threading.enumerate())


if __name__ == "__main__":
    main()
