"""A chart's series labels without the words they share with its title: one rule for bar and line charts.

The title says them once; the alt text and the figures table keep the full labels.
"""

from __future__ import annotations

PUNCTUATION = ".,;:!?()[]{}\"'‘’“”«»–—"  # stripped from words when labels are compared with the title


def series_names(labels: tuple[str, ...], title: str) -> list[str]:
    """Series labels without the words they share with the chart's title (it says them once).

    One rule for bars and lines: a run of words that every label starts with (two words or more) or
    ends with (one or more), and that the title also says, is dropped, so "Yearly cost of Sunday
    opening" under "Yearly cost of the two ways to open" is "Sunday opening" and "East branch visits"
    under "Library visits a year" is "East branch". Every label keeps a word of its own and the labels
    still differ, or they stay as they are; a lone series named as the title is left unlabelled.
    """
    heading = [w for w in _words(title) if w]
    if len(labels) == 1:
        return [""] if _words(labels[0]) == heading else list(labels)
    words = [label.split() for label in labels]
    keys = [_words(label) for label in labels]
    room = min(len(k) for k in keys) - 1  # words that may go, leaving each label one of its own
    lead = _shared_run(keys, heading, min(room, len(heading)), from_end=False)
    lead = lead if lead >= 2 else 0
    tail = _shared_run(keys, heading, min(room - lead, len(heading)), from_end=True)
    if not lead and not tail:
        return list(labels)
    rest = [" ".join(w[lead : len(w) - tail]) for w in words]
    rest = [r[:1].upper() + r[1:] if lead else r for r in rest]
    return rest if len({r.casefold() for r in rest}) == len(rest) and all(rest) else list(labels)


def _words(text: str) -> list[str]:
    """One word for each word of a text, to compare: case folded, without the punctuation around it."""
    return [word.strip(PUNCTUATION) for word in text.casefold().split()]


def _shared_run(keys: list[list[str]], heading: list[str], most: int, *, from_end: bool) -> int:
    """How many words every label starts (or ends) with that the title also says, in a row, at most `most`."""
    for size in range(max(most, 0), 0, -1):
        runs = {tuple(k[-size:] if from_end else k[:size]) for k in keys}
        if len(runs) == 1 and _contains(heading, list(runs.pop())):
            return size
    return 0


def _contains(heading: list[str], run: list[str]) -> bool:
    """True when the title's words hold the run, in order and next to each other."""
    return any(heading[i : i + len(run)] == run for i in range(len(heading) - len(run) + 1))
