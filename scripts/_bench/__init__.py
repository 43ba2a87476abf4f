"""Helpers of `scripts/bench.py`: the static server, the contenders, timing and the report."""
