"""briefgen's benchmark harness (issue 5): run with `python bench/run.py`."""
