"""Label catalogs: the packaged gettext catalogs, a locale's fallback chain, and workspace overrides.

A locale's chain runs from the most specific catalog to English: cy-GB, then cy, then en. At each
step a style's or repository's own wording (an override .po) wins over the packaged catalog, and
the first step with a wording gives it; English, the msgid itself, ends every chain.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "briefgen"
# An override: (catalog locale as in its file name, msgctxt or "", msgid, wordings: one, or one per plural form).
Override = tuple[str, str, str, tuple[str, ...]]


class _Missing(gettext.NullTranslations):
    """The end of a packaged catalog: says 'not here' instead of returning the msgid."""

    def gettext(self, message: str) -> Any:
        return None

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> Any:
        return None

    def pgettext(self, context: str, message: str) -> Any:
        return None

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> Any:
        return None


@dataclass(frozen=True)
class _Step:
    """One step of a chain: a catalog's locale, its packaged translations, its overrides."""

    name: str
    packaged: gettext.GNUTranslations | None
    overrides: dict[tuple[str, str], tuple[str, ...]]
    plural_index: Callable[[int], int]


def shipped() -> list[str]:
    """The locales that have a packaged catalog (en, cy, ga, fr, de)."""
    return sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))


def known_keys() -> frozenset[str]:
    """Every label key (msgctxt) of the packaged English catalog: render/labels.py's and the changes box's."""
    english = _packaged("en")
    catalog: dict[Any, Any] = getattr(english, "_catalog", {})
    keys = (key[0] if isinstance(key, tuple) else key for key in catalog)
    return frozenset(key.split("\x04")[0] for key in keys if isinstance(key, str) and "\x04" in key)


def chain(locale: str) -> list[str]:
    """Catalog names to try for a BCP 47 locale, most specific first: cy-GB gives cy_GB, cy, en."""
    parts = [p for p in locale.replace("-", "_").split("_") if p]
    names = ["_".join(parts[:n]) for n in range(len(parts), 0, -1)]
    return [*dict.fromkeys([*names, "en"])]


@lru_cache(maxsize=32)
def _packaged(name: str) -> gettext.GNUTranslations | None:
    """The compiled packaged catalog of one locale, or None."""
    path = LOCALES / name / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not name.replace("_", "").isalnum() or not path.is_file():
        return None
    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    translations.add_fallback(_Missing())
    return translations


def _plural_index(name: str) -> Callable[[int], int]:
    """The CLDR plural rule of a locale as gettext writes it: n -> form index."""
    from babel.messages.plurals import get_plural  # noqa: PLC0415  Babel, kept out of `briefgen build --help`

    try:
        expression = get_plural(name).plural_expr
    except (ValueError, TypeError):
        expression = "(n != 1)"
    return gettext.c2py(expression)


class Catalog:
    """Wordings for one locale along its chain; English (the msgid) when no step has one."""

    def __init__(self, locale: str, overrides: Iterable[Override] = ()):
        by_name: dict[str, dict[tuple[str, str], tuple[str, ...]]] = {}
        for name, context, msgid, forms in overrides:
            by_name.setdefault(name, {})[(context, msgid)] = forms
        self.locale = locale
        self.steps = [
            _Step(name, _packaged(name), by_name.get(name, {}), _plural_index(name))
            for name in chain(locale)
            if _packaged(name) is not None or name in by_name
        ]
        language = locale.replace("-", "_").split("_")[0]
        own = [step.name for step in self.steps if step.name.split("_")[0] == language]
        self.found = own[0] if own else None  # the catalog in the locale's own language, or None
        self.language = self.found.split("_")[0] if self.found else "en"

    def text(self, context: str, msgid: str) -> str:
        """The wording of a message (with msgctxt, or '' for none)."""
        for step in self.steps:
            override = step.overrides.get((context, "" if context else msgid))
            if override:
                return override[0]
            if step.packaged is not None:
                found = step.packaged.pgettext(context, msgid) if context else step.packaged.gettext(msgid)
                if found is not None:
                    return str(found)
        return msgid

    def plural(self, context: str, singular: str, plural: str, number: int) -> str:
        """The wording of a message that takes a number, in the locale's plural form for it."""
        for step in self.steps:
            forms = step.overrides.get((context, "" if context else singular))
            if forms:
                return forms[min(step.plural_index(number), len(forms) - 1)]
            if step.packaged is not None:
                packaged = step.packaged
                found = (
                    packaged.npgettext(context, singular, plural, number)
                    if context
                    else packaged.ngettext(singular, plural, number)
                )
                if found is not None:
                    return str(found)
        return singular if number == 1 else plural


@lru_cache(maxsize=64)
def catalog_for(locale: str, overrides: tuple[Override, ...] = ()) -> Catalog:
    """The catalog of a locale, with a style's or repository's overrides."""
    return Catalog(locale, overrides)


def parse_overrides(data: bytes, name: str, where: str) -> list[tuple[int, Override]]:
    """The wordings of an override .po (labels/NAME.po), each with its line; ValueError naming `where`.

    A label is named by its msgctxt (its key in render/labels.py), so its msgid may be left as it is
    or empty; a template's own text (no msgctxt) is named by its English msgid.
    """
    from babel.messages.pofile import PoFileError, read_po  # noqa: PLC0415  Babel, kept out of `build --help`

    try:
        catalog = read_po(io.BytesIO(data), locale=None, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise ValueError(f"{where}: not a readable .po file: {exc}") from None
    entries: list[tuple[int, Override]] = []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        forms = tuple(message.string) if isinstance(message.string, tuple | list) else (message.string,)
        context = str(message.context or "")
        if any(forms):
            override = (name, context, "" if context else str(msgid), tuple(str(f) for f in forms))
            entries.append((message.lineno or 1, override))
    return entries
