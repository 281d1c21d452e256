"""Bytes to a checked brief: load with positions, model, structure, figures, prose, checks."""
