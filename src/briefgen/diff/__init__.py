"""What changed in substance between two versions of a brief."""
