"""House styles: packaged or workspace folders holding style.css, templates and fonts."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from briefgen.errors import BriefgenError
from briefgen.fsutil import display_path
from briefgen.render.catalogs import Override, known_keys, parse_overrides
from briefgen.render.labels import ENGLISH
from briefgen.render.webfonts import Face

LABELS = "labels"  # a style's or repository's own wordings: labels/cy.po, labels/en.po
_LOCALE_NAME = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]{2,8})*")
_MAX_PO = 1_000_000
PACKAGED = Path(__file__).resolve().parent.parent / "styles"
FONTS = PACKAGED / "fonts"
_FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.IGNORECASE)
_FAMILY = re.compile(r"font-family\s*:\s*['\"]?([^;'\"]+)['\"]?", re.IGNORECASE)
_WEIGHT = re.compile(r"font-weight\s*:\s*([a-z0-9]+)", re.IGNORECASE)
_STYLE = re.compile(r"font-style\s*:\s*([a-z]+)", re.IGNORECASE)
_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.IGNORECASE)
_CHART_FONT = re.compile(r"--chart-font\s*:\s*['\"]?([^;'\"]+)['\"]?", re.IGNORECASE)
_CHART_COLOURS = re.compile(r"--chart-colours\s*:\s*([^;]+);", re.IGNORECASE)
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
_PACKAGED_IMPORT = re.compile(r"@import\s+url\(\s*['\"]?/styles/([a-z0-9_-]+)/style\.css['\"]?\s*\)\s*;")


class StyleError(BriefgenError, ValueError):
    """A style that cannot be found or read."""


@dataclass(frozen=True)
class Style:
    """A resolved style: its folder, CSS and template folder."""

    name: str
    folder: Path
    own_css: str
    base_css: str  # the bundled fonts and the structure every style relies on
    templates: Path | None
    chart_font: str
    chart_font_files: tuple[str, ...]
    chart_colours: tuple[str, ...] = ()
    labels: tuple[Override, ...] = ()  # wordings from the style's and the repository's labels/*.po
    faces: tuple[Face, ...] = ()  # the @font-face rules' fonts, embedded (subset) in the standalone page

    @property
    def css(self) -> str:
        """The bundled fonts' rules followed by the style's own sheet."""
        return f"{self.base_css}\n{self.own_css}"

    @property
    def template_dirs(self) -> tuple[str, ...]:
        """Folders searched for templates before the packaged ones."""
        return (str(self.templates),) if self.templates else ()


def available(workspace: Path) -> list[str]:
    """Names of the packaged styles and those in the workspace's styles/ folder."""
    names = {p.name for p in PACKAGED.iterdir() if (p / "style.css").is_file()}
    local = workspace / "styles"
    if local.is_dir():
        names |= {p.name for p in local.iterdir() if (p / "style.css").is_file()}
    return sorted(names)


def find_style(spec: str, workspace: Path | None = None) -> Style:
    """Resolve --style: a folder path, a workspace style name, or a packaged style name."""
    workspace = workspace or Path.cwd()
    candidates = (
        [Path(spec)] if ("/" in spec or spec.startswith(".")) else [workspace / "styles" / spec, PACKAGED / spec]
    )
    for folder in candidates:
        if (folder / "style.css").is_file():
            style = load_style(folder.resolve())
            return replace(style, labels=style.labels + tuple(label_overrides(workspace / LABELS)))
    names = ", ".join(available(workspace))
    raise StyleError(f"unknown style '{spec}' (a folder with style.css, or one of: {names})")


def load_style(folder: Path) -> Style:
    """Read a style folder once."""
    try:
        own = _expand_packaged_imports((folder / "style.css").read_text(encoding="utf-8"))
        shared = "\n".join((PACKAGED / name).read_text(encoding="utf-8") for name in ("fonts.css", "base.css"))
    except (OSError, UnicodeDecodeError) as exc:
        raise StyleError(f"cannot read style {folder}: {exc}") from None
    css = f"{shared}\n{own}"
    fonts = _CHART_FONT.findall(own)
    family = fonts[-1].strip() if fonts else "Linux Biolinum O"
    templates = folder / "templates"
    colours = _CHART_COLOURS.findall(own)  # the last wins, as in the cascade: a style over one it imports
    palette = tuple(_HEX.findall(colours[-1])) if colours else ()
    return Style(
        folder.name,
        folder,
        own,
        shared,
        templates if templates.is_dir() else None,
        family,
        tuple(face.path for face in font_faces(css, folder) if face.family == family),
        palette,
        tuple(label_overrides(folder / LABELS)),
        tuple(font_faces(css, folder)),
    )


def label_overrides(folder: Path) -> list[Override]:
    """The wordings of a folder's labels/LOCALE.po files (cy.po, cy-GB.po, en.po), checked against the labels."""
    found: list[Override] = []
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        name = path.stem.replace("-", "_")
        if not _LOCALE_NAME.fullmatch(name):
            raise StyleError(f"{path}: a labels file is named for its locale, like cy.po or cy-GB.po")
        try:
            data = path.read_bytes()[: _MAX_PO + 1]
            if len(data) > _MAX_PO:
                raise StyleError(f"{path}: larger than {_MAX_PO // 1000} kB")
            entries = parse_overrides(data, name, str(path))
        except (OSError, ValueError) as exc:
            raise StyleError(str(exc)) from None
        for line, entry in entries:
            if entry[1] and entry[1] not in ENGLISH and entry[1] not in known_keys():
                raise StyleError(
                    f"{display_path(path)}:{line}: unknown label '{entry[1]}' (msgctxt names a label's key)"
                )
            found.append(entry)
    return found


def _expand_packaged_imports(css: str) -> str:
    """Inline `@import url("/styles/NAME/style.css");` of a packaged style, so a style can build on one."""

    def inline(match: re.Match[str]) -> str:
        packaged = PACKAGED / match.group(1) / "style.css"
        if not packaged.is_file():
            raise StyleError(f"@import of unknown packaged style '{match.group(1)}'")
        return packaged.read_text(encoding="utf-8")

    return _PACKAGED_IMPORT.sub(inline, css)


def font_faces(css: str, folder: Path) -> list[Face]:
    """The @font-face rules whose font file is in the bundled fonts or the style's folder, with real paths."""
    faces = []
    for block in _FONT_FACE.findall(css):
        name, url = _FAMILY.search(block), _URL.search(block)
        if not name or not url:
            continue
        target = url.group(1)
        path = (FONTS / target[len("/fonts/") :] if target.startswith("/fonts/") else folder / target).resolve()
        if path.is_file() and (FONTS.resolve() in path.parents or folder in path.parents):
            weight, style = _WEIGHT.search(block), _STYLE.search(block)
            faces.append(
                Face(
                    name.group(1).strip(),
                    weight.group(1).lower() if weight else "normal",
                    style.group(1).lower() if style else "normal",
                    str(path),
                )
            )
    return faces
