"""Benchmarks for newsread: ``python -m bench.run [DATA] [--quick]`` (see BENCHMARKS.md)."""
