"""Benchmark harness for `cleaner`: scoring and accuracy/speed/memory runs."""
