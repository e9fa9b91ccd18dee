"""Benchmark: a deterministic national corpus, a researcher query mix, and the runner behind `make bench`."""
