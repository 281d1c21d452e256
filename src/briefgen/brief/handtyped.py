"""Find numbers an author typed into prose instead of a `{figure}` reference."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from markdown_it.token import Token

_GAP = "\ufffc"  # stands in for what is not prose: code, references, footnote labels, URLs
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?(?![A-Za-z])"
)
_ORD = r"(?:st|nd|rd|th)"
_YEAR = r"(?:1[89]|20)[0-9]{2}"
_LABEL_NUMBER = r"[0-9]+(?:\.[0-9]+)*[a-z]?(?![\w%])(?!,[0-9])"
_LABEL_RUN = rf"{_LABEL_NUMBER}(?:\s*(?:,|and|or|to|&|-|–)\s*{_LABEL_NUMBER})*"
_LABELS = (
    r"sections?|s\.|paras?\.?|paragraphs?|pages?|p\.|pp\.|annex(?:es)?|appendix|appendices|tables?|"
    r"figures?|fig\.|charts?|chapters?|ch\.|parts?|schedules?|articles?|art\.|clauses?|regulations?|"
    r"reg\.|rules?|steps?|phases?|stages?|tiers?|levels?|options?|recommendations?|questions?|q\.|"
    r"items?|box(?:es)?|volumes?|vol\.|issues?|no\.|nos\.|number|version|grades?|bands?|waves?|lots?|"
    r"routes?|junctions?|platforms?|zones?|footnotes?|notes?|exhibits?|criterion|objectives?|goals?|"
    r"priorit(?:y|ies)|scenarios?|type|categor(?:y|ies)|class|lines?|rows?|columns?"
)
_SPANS = [
    re.compile(p, flags)
    for p, flags in (
        (r"(?<![\w.+-])(?:https?://|www\.)\S+|(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+", 0),  # URLs, e-mail
        (r'"[^"]*"|“[^”]*”', 0),  # direct quotations
        (r"(?<![\w.-])[0-9]{4}-[0-9]{2}-[0-9]{2}(?![\w-])", 0),  # 2019-04-30
        (rf"(?<![\w.-]){_YEAR}-(?:0[1-9]|1[0-2])(?![\w-])", 0),  # 2019-04
        (r"(?<![\w/.])[0-9]{1,2}([/.])[0-9]{1,2}\1[0-9]{2}(?:[0-9]{2})?(?![\w/]|\.[0-9])", 0),  # 30/04/2019
        (
            rf"(?<![\w.])(?:[0-9]{{1,2}}{_ORD}?\s*(?:[-–]|to|and)\s*)?[0-9]{{1,2}}{_ORD}?(?:\s+of)?\s+{_MONTH}"
            rf"(?:,?\s+[0-9]{{4}}(?![0-9]))?",
            0,
        ),  # 14 February 2025
        (rf"(?<![A-Za-z]){_MONTH}\s+[0-9]{{1,2}}{_ORD}?(?![\w])(?:,?\s+[0-9]{{4}}(?![0-9]))?", 0),  # Feb 14, 2025
        (rf"(?<![A-Za-z]){_MONTH}\s+[0-9]{{4}}(?![0-9])", 0),  # March 2019
        (rf"(?<![\w/.])(?:FY\s?)?{_YEAR}\s?[/–-]\s?(?:[0-9]{{2}}|{_YEAR})(?![\w/]|\.[0-9])", 0),  # 2015/16, 2019–2023
        (r"(?<![\w.])(?:(?:1[89]|20)[0-9]0|'?[0-9]0)s(?![A-Za-z])", 0),  # 1990s, '90s
        (r"(?<![\w:.])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s?(?:am|pm|a\.m\.|p\.m\.))?(?![\w:])", re.I),  # 12:00
        (r"(?<![\w.])[0-9]{1,2}(?:\.[0-9]{2})?\s?(?:am|pm|a\.m\.|p\.m\.)(?![A-Za-z])", re.I),  # 9am, 5.30pm
        (rf"(?<![\w.])[0-9]+{_ORD}(?![A-Za-z])", re.I),  # 1st, 21st
        (r"(?<![\w/])(?:24/7|9/11|7/7)(?![\w/])", 0),  # idioms
        (rf"(?:(?<![\w.])(?:{_LABELS})|§)\s*{_LABEL_RUN}", re.I),  # Table 1, p. 12
        (rf"\b(?:Key Stage|Years?)\s+{_LABEL_RUN}", 0),  # Year 6
    )
]
_LINK_TEXT_END = re.compile(r"(?:!?\[)?[*_~`\s]*\]")
_NUMBER = re.compile(r"(?<![0-9])[0-9]+(?:[.,][0-9]+)*")
_QUANTITY = re.compile(
    r"(?i)(?:\b(?:over|under|about|around|approximately|approx\.|nearly|almost|some|than|least|most|"
    r"exactly|roughly|only|just|up to|total of|estimated|fewer|more|less)|[£$€¥+−])\s*$"
)


@dataclass
class _Piece:
    """A stretch of the joined text of one paragraph and where its characters are in the source."""

    start: int
    text: str
    offsets: list[int] = field(default_factory=list)  # source offset of each character, -1 when unknown
    scan: bool = True


class _Reader:
    """Walk the inline tokens of one block, joining their text and locating it in the source."""

    def __init__(self, source: str, cursor: int, end: int) -> None:
        self.source, self.cursor, self.end = source, cursor, end
        self.pieces: list[_Piece] = []
        self.length = 0
        self.hrefs: list[str] = []
        self.autolink = False

    def add(self, text: str, offsets: list[int] | None = None, scan: bool = False) -> None:
        """Append a piece of joined text."""
        if text:
            self.pieces.append(_Piece(self.length, text, offsets or [-1] * len(text), scan))
            self.length += len(text)

    def skip(self, needle: str) -> None:
        """Move the cursor past `needle` when it follows within the block."""
        at = self.source.find(needle, self.cursor, self.end) if needle else -1
        if at >= 0:
            self.cursor = at + len(needle)

    def skip_link_end(self) -> None:
        """Move past the end of a link or image: `](destination "title")`, `][label]`, `[]` or `]`.

        The destination is skipped as written (it may be entity-encoded, so its decoded text is
        not searched for), and a reference-style link's URL, written elsewhere, is never looked for.
        """
        match = _LINK_TEXT_END.match(self.source, self.cursor, self.end)
        if match is None:
            return
        at = match.end()
        opener = self.source[at : at + 1]
        if opener == "(":
            at = _closing(self.source, at, self.end, "(", ")")
        elif opener == "[":
            at = _closing(self.source, at, self.end, "[", "]")
        self.cursor = at

    def locate(self, text: str) -> list[int]:
        """Source offset of each character of `text`: verbatim if possible, else char by char."""
        at = self.source.find(text, self.cursor, self.end)
        if at >= 0:
            self.cursor = at + len(text)
            return list(range(at, at + len(text)))
        offsets, pos = [], self.cursor
        for char in text:
            found = self.source.find(char, pos, self.end)
            offsets.append(found)
            if found >= 0:
                pos = found + 1
        self.cursor = pos
        return offsets

    def read(self, tokens: list[Token]) -> None:
        """Read every inline token in order."""
        for token in tokens:
            self.token(token)

    def token(self, token: Token) -> None:
        """Read one inline token."""
        kind = token.type
        if kind == "text":
            self.add(token.content, self.locate(token.content), scan=not self.autolink)
        elif kind in ("softbreak", "hardbreak"):
            self.add("\n")
        elif kind == "link_open":
            self.autolink = token.markup == "autolink"
            self.hrefs.append(str(token.attrGet("href") or ""))
            self.add(_GAP if self.autolink else "")
        elif kind == "link_close":
            if self.hrefs:
                self.hrefs.pop()
            if not self.autolink:
                self.skip_link_end()
            self.add(_GAP if self.autolink else "")
            self.autolink = False
        elif kind == "image":
            self.add(_GAP)
            self.read(token.children or [])
            self.skip_link_end()
            self.add(_GAP)
        elif kind == "footnote_ref":
            self.skip(f"[^{token.meta.get('label', '')}]")
            self.add(_GAP)
        elif token.content:  # code spans, {references}, [@citations], anything else with text
            self.skip(token.content)
            self.add(_GAP)


def _closing(source: str, start: int, end: int, opener: str, closer: str) -> int:
    """The offset just past the `closer` that balances the `opener` at `start` (backslash escapes skipped)."""
    depth, at = 0, start
    while at < end:
        char = source[at]
        if char == "\\":
            at += 2
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return at + 1
        at += 1
    return start


def hand_typed_numbers(prose: Any) -> list[tuple[int, str]]:
    """Numbers typed into a Markdown field's prose as (offset into prose.text, number text).

    A number is a run of digits with `,` or `.` between digit groups (`8.63`, `1,204`); its
    offset points at its first digit in the field's source text. Only prose counts: text of
    paragraphs, headings, list items, table cells, quotes, footnote bodies and image alt text.
    Never counted, as they are not text tokens: code spans and blocks, `{figure}`, `{option:id}`
    and `{chart:id}` references, `[@source, p. 12]` citations, footnote labels and link URLs
    (the text of an autolink `<https://…>` too). Left out as not being quantities:

    - URLs and e-mail addresses written as plain text;
    - direct quotations in double quotes, straight or curly (`the article says "over 14 times"`):
      a quotation keeps the source's words, so its numbers cannot become references;
    - dates: `2019-04-30`, `2019-04`, `30/04/2019`, `14 February 2025`, `14th of Feb`,
      `14–16 March`, `February 14, 2025`, `March 2019` (English month names, capitalised);
    - years standing alone (`in 2019`, 1900–2099) unless money (`£2019`), a percentage (`2019%`),
      part of a larger number, or after a quantity word (`over 2000`, `than 2000`, `some 2000`);
    - financial years and year ranges (`2015/16`, `2015-16`, `FY2015/16`, `2019–2023`) and
      decades (`1990s`, `'90s`, `80s`);
    - times (`12:00`, `9:30pm`, `9am`, `5.30 p.m.`) and ordinals (`1st`, `22nd`, `21st`);
    - numbers that are part of words and ids: digits after a letter, directly or across hyphens
      (`M25`, `Covid19`, `COVID-19`, `H1N1`, `PB-2025-07`, `pre-2019`), and a single digit
      followed by capitals (`5G`, `3D`, `2FA`) unless after a currency sign (`£5M`);
    - labels: a number after `Table`, `Figure`, `section`, `§`, `paragraph`, `page`, `p.`,
      `Annex`, `Chapter`, `Part`, `Article`, `Tier`, `Level`, `Stage`, `Key Stage`, `Year`
      (capitalised), `Zone`, `type`, `No.` and similar, with lists and ranges of such numbers
      (`sections 3 and 4`, `pages 12–14`, `paragraph 3.2`);
    - numbers with two or more dots (`1.2.3`: a version or section number) and the idioms
      `24/7`, `9/11` and `7/7`.

    Counted, though they carry letters: numbers with a unit or scale (`£10.5m`, `5km`, `2bn`,
    `2x`, `10-year`). Known misses: a count that looks like a year with no quantity word before
    it (`2000 officers`).
    """
    found: list[tuple[int, str]] = []
    starts = [0, *(m.end() for m in re.finditer("\n", prose.text))]
    cursor, last_line = 0, -1
    for block in prose.tokens:
        if block.type != "inline" or not block.children:
            continue
        line = block.map[0] if block.map else 0
        begin = starts[min(line, len(starts) - 1)]
        cursor = max(cursor, begin) if line == last_line else begin
        end = starts[block.map[1]] if block.map and block.map[1] < len(starts) else len(prose.text)
        reader = _Reader(prose.text, cursor, end)
        reader.read(block.children)
        cursor, last_line = reader.cursor, line
        found.extend(_numbers(reader.pieces))
    return found


def _numbers(pieces: list[_Piece]) -> list[tuple[int, str]]:
    """The hand-typed numbers in one block's joined text."""
    joined = "".join(p.text for p in pieces)
    starts = [p.start for p in pieces]
    spans = _merged(sorted(m.span() for pattern in _SPANS for m in pattern.finditer(joined)))
    span_starts = [a for a, _ in spans]
    found = []
    for match in _NUMBER.finditer(joined):
        piece = pieces[bisect_right(starts, match.start()) - 1]
        if not piece.scan or match.end() > piece.start + len(piece.text):
            continue
        if _overlaps(spans, span_starts, match.span()) or _not_quantity(joined, match):
            continue
        offset = piece.offsets[match.start() - piece.start]
        if offset >= 0:
            found.append((offset, match.group()))
    return found


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans merged into disjoint ones."""
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _overlaps(spans: list[tuple[int, int]], span_starts: list[int], span: tuple[int, int]) -> bool:
    """Whether `span` overlaps any of the disjoint sorted spans (a binary search, not a scan)."""
    index = bisect_left(span_starts, span[1]) - 1
    return index >= 0 and spans[index][1] > span[0]


def _not_quantity(text: str, match: re.Match[str]) -> bool:
    """True for ids, versions and years standing alone."""
    number = match.group()
    before, after = text[max(0, match.start() - 80) : match.start()], text[match.end() : match.end() + 20]
    prefix = re.search(r"[\w-]*$", before).group()  # type: ignore[union-attr]
    if any(c.isalpha() for c in prefix) or number.count(".") >= 2:
        return True
    money = re.search(r"[£$€¥]\s?$", before) is not None
    suffix = re.match(r"[A-Za-z]+", after)
    if suffix:
        letters = suffix.group()
        return letters.isupper() and len(number) == 1 and len(letters) <= 3 and not money
    if re.fullmatch(_YEAR, number):
        quantity = money or after.startswith("%") or re.match(r"\s?(?:per ?cent)\b", after)
        return not quantity and not _QUANTITY.search(before)
    return False
