"""The appraisal matrix's notes: lettered a, b, c… (apart from the numbered footnotes), set below the table.

A rating's note leaves its cell; the cell keeps a marker, and the note is printed under the matrix
with the same letter. Cells are lettered in the order the table is read (row by row as printed, so
criterion by criterion when the matrix is turned round); cells with the same note share one letter.
"""

from __future__ import annotations

from string import ascii_lowercase
from typing import Any


def letter(index: int) -> str:
    """The marker of the note at `index` (from 0): a … z, then aa, ab … (as CSS's lower-alpha counts)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = ascii_lowercase[rest] + out
    return out


def mark_notes(matrix: list[dict[str, Any]], transposed: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Give each noted cell its note's marker (`cell["mark"]`) and return the notes in order, once each."""
    rows = [crit["cells"] for crit in transposed] if transposed else [row["cells"] for row in matrix]
    marks: dict[str, str] = {}
    notes: list[dict[str, str]] = []
    for cells in rows:
        for cell in cells:
            note = str(cell.get("note") or "")
            if not note:
                cell["mark"] = ""
                continue
            if note not in marks:
                marks[note] = letter(len(notes))
                notes.append({"mark": marks[note], "text": cell["note"]})
            cell["mark"] = marks[note]
    return notes
