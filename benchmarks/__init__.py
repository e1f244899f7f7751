"""Benchmarks run by `make bench` (never by `make test`): page sobriety, load, and more.

Each bench is a module with a `run()` function, listed in `__main__.BENCHES`.
"""
