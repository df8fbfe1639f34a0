"""``python -m newsread.tui`` and the ``newsread`` console script."""

from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType

from . import BLAS_SPIN


def main() -> None:
    """Run newsread with the process arguments and exit with its code.

    The command-line module is imported inside the ``try`` so that a Ctrl-C
    during start-up (imports take a moment on a cold machine) also ends with
    exit code 130 and one line, never a traceback.
    """
    signal.signal(signal.SIGINT, _interrupt)
    # Before numpy loads OpenBLAS: its idle threads then sleep at once instead of
    # spinning about 0.1 s after every matrix product on the core that the reader's
    # UI thread or another program needs (a warm export of the sample story took
    # 0.57 s instead of 0.42 s with another process busy). Only when they wake up
    # changes, not how a product is split, so results are the same to the bit. A
    # value the user set is kept; ``newsread batch`` passes it on to its workers.
    os.environ.setdefault(BLAS_SPIN, "4")
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


def _interrupt(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C: a KeyboardInterrupt as usual, except inside an import.

    Raised in the import machinery (torch's import alone takes seconds), the
    interrupt can land in a module lock's callback, where Python prints "Exception
    ignored … Traceback" and carries on. Nothing of newsread's is being written
    while a module imports, so it leaves at once with the usual line and code.
    """
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            print("newsread: interrupted", file=sys.stderr)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)
        frame = frame.f_back
    raise KeyboardInterrupt


def _busy_threads() -> bool:
    """Whether a thread other than this one would keep the process alive at exit."""
    current = threading.current_thread()
    return any(t is not current and t.is_alive() and not t.daemon for t in threading.enumerate())


if __name__ == "__main__":
    main()
