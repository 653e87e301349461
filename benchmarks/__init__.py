"""Benchmarks: our code against a baseline measured in the same run, as ratios.

``python -m benchmarks --quick`` (under 2 minutes on 2 cores) or ``python -m benchmarks`` (the
full sizes). Results for one machine are in ``benchmarks/README.md``. Timing never decides a test:
the test suite runs these benchmarks at tiny sizes only to keep them working.
"""
