"""Smart punctuation: markdown-it's typographer (quotes per locale, dashes, ellipses) and en dashes in ranges.

It works on the tokens of a parsed field, so code spans, URLs and {figure} references, which are
tokens of their own, are never touched; the text around them is. Plain texts (titles, labels) go
through the same rules as one text token.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from markdown_it import MarkdownIt
from markdown_it.rules_core.replacements import replace
from markdown_it.rules_core.smartquotes import smartquotes
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

# Double open, double close, single open, single close, by language; English marks are the fallback.
QUOTES: Mapping[str, tuple[str, str, str, str]] = MappingProxyType(
    {
        "en": ("“", "”", "‘", "’"),
        "de": ("„", "“", "‚", "‘"),
        "fr": ("«\u202f", "\u202f»", "‹\u202f", "\u202f›"),
        "es": ("«", "»", "“", "”"),
        "it": ("«", "»", "“", "”"),
        "pt": ("“", "”", "‘", "’"),
        "nl": ("“", "”", "‘", "’"),
        "sv": ("”", "”", "’", "’"),
        "da": ("»", "«", "›", "‹"),
        "pl": ("„", "”", "«", "»"),
        "cs": ("„", "“", "‚", "‘"),
        "ru": ("«", "»", "„", "“"),
        "ja": ("「", "」", "『", "』"),
    }
)

# A range of plain numbers (2022-2024, pages 12-15): not a date (2019-04-30), a version or a word.
_RANGE = re.compile(r"(?<![\w.,\-/])(\d{1,4})-(\d{1,4})(?![\w\-/]|[.,]\d)")


def quotes_for(locale: str) -> tuple[str, str, str, str]:
    """The marks a locale's language prints for typed double and single quotes (open, close, open, close)."""
    return QUOTES.get(_language(locale), QUOTES["en"])


@lru_cache(maxsize=32)
def _typographer(locale: str) -> MarkdownIt:
    """A parser object carrying the typographer options for one locale's language."""
    return MarkdownIt("commonmark", {"typographer": True, "quotes": list(quotes_for(locale))})


def smarten(tokens: list[Token], locale: str) -> None:
    """Curly quotes per locale, dashes, ellipses and en dashes in number ranges, in place."""
    state = StateCore("", _typographer(locale), {})
    state.tokens = tokens
    replace(state)
    smartquotes(state)
    french = _language(locale) == "fr"
    for token in tokens:
        if token.type == "inline" and token.children:
            _ranges(token.children, french)


def _language(locale: str) -> str:
    """A locale's language subtag, lower case."""
    return locale.replace("_", "-").split("-")[0].lower()


# French spacing (Imprimerie nationale; the Office québécois de la langue française likewise): a no-break
# space before a colon, a narrow no-break space before ; ! and ?, in place of a typed space or where none was
# typed. Only a mark that ends a word is spaced: not a time (12:00), a URL (https://) or a second mark (?!).
_FRENCH_MARK = re.compile(r"(?:(?<=[^\s\u00a0\u202f;:!?(\[«‹/'])| )([;:!?])(?=[\s»›)\]\u202f,.;:!?]|$)")


def french_spacing(text: str) -> str:
    """Text with no-break spaces before its high punctuation, as French typesetting wants."""
    return _FRENCH_MARK.sub(lambda m: ("\u00a0" if m.group(1) == ":" else "\u202f") + m.group(1), text)


def _ranges(children: list[Token], french: bool = False) -> None:
    """En dashes in number ranges (and French spacing) in text tokens, outside autolinks."""
    inside_autolink = 0
    for token in children:
        if token.type == "link_open" and token.info == "auto":
            inside_autolink += 1
        elif token.type == "link_close" and token.info == "auto":
            inside_autolink -= 1
        elif token.type == "text" and not inside_autolink:
            token.content = _RANGE.sub(_range, token.content)
            if french:
                token.content = french_spacing(token.content)


def _range(match: re.Match[str]) -> str:
    """An en dash between two numbers, unless they read as a month (2019-04: the 04 is before the 19)."""
    first, second = match.group(1), match.group(2)
    if len(first) == 4 and len(second) == 2 and int(second) <= int(first[2:]):
        return match.group(0)
    return f"{first}\u2013{second}"


def smart_text(value: str | None, locale: str) -> str | None:
    """A plain text (a title, a label) with smart punctuation; None stays None."""
    if value is None:
        return None
    child = Token("text", "", 0, content=value)
    inline = Token("inline", "", 0, content=value, children=[child])
    smarten([inline], locale)
    return child.content
