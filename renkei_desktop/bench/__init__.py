"""Benchmark: fixed, generated inputs; figures written to BENCHMARKS.md (``python -m renkei_desktop.bench``)."""
