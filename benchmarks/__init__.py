"""Benchmarks (not pass/fail tests): `python -m benchmarks` writes BENCHMARKS.md."""
