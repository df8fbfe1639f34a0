"""newsread's presentation: the command line and the Textual reader.

Imports ``newsread.core``; core never imports this package.
"""

BLAS_SPIN = "OPENBLAS_THREAD_TIMEOUT"
"""How long OpenBLAS's idle threads spin before they sleep: 2**N cycles, N 4-30.
``newsread`` sets it to 4 for itself (``__main__``) and its batch workers (``batch``)."""
