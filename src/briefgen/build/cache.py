"""The build cache: outputs and chart SVGs keyed by the content hash of everything they depend on."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.errors import Problem
from briefgen.fsutil import MAX_ASSET_BYTES, read_capped, write_atomic

CACHE_ENV = "BRIEFGEN_CACHE"
DEFAULT_FOLDER = ".briefgen-cache"
RENDER_PACKAGES = (
    "weasyprint",
    "pydyf",
    "fonttools",
    "tinycss2",
    "cssselect2",
    "Pillow",
    "matplotlib",
    "pypandoc-binary",
    "markdown-it-py",
    "mdit-py-plugins",
    "mdformat",
    "mdformat-gfm",
    "mdformat-footnote",
    "Jinja2",
    "Babel",
    "pydantic",
    "PyYAML",
    "pypandoc-binary",
)
PACKAGE_DIR = Path(__file__).resolve().parent.parent
MAX_BLOB_BYTES = 1024 * 1024 * 1024  # an output or input larger than this is never taken as unchanged


def sha256(data: bytes) -> str:
    """Hex digest of bytes."""
    return hashlib.sha256(data).hexdigest()


def default_folder() -> Path:
    """Where the cache lives: $BRIEFGEN_CACHE, or .briefgen-cache in the working folder."""
    return Path(os.environ.get(CACHE_ENV) or DEFAULT_FOLDER)


@lru_cache(maxsize=1)
def software_fingerprint() -> str:
    """briefgen's version, its packaged templates, styles and fonts, and the rendering packages' versions."""
    digest = hashlib.sha256(__version__.encode())
    installed = installed_versions()
    for name in RENDER_PACKAGES:
        digest.update(f"{name}={installed.get(_normalise(name), 'none')};".encode())
    digest.update(folder_fingerprint(PACKAGE_DIR / "templates").encode())
    digest.update(folder_fingerprint(PACKAGE_DIR / "styles").encode())
    digest.update(folder_fingerprint(PACKAGE_DIR / "csl").encode())
    digest.update(folder_fingerprint(PACKAGE_DIR / "locales").encode())
    for module in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(module.relative_to(PACKAGE_DIR).as_posix().encode() + module.read_bytes())
    return digest.hexdigest()


def installed_versions() -> dict[str, str]:
    """Installed distributions' versions, read from the names of their .dist-info folders (no parsing)."""
    versions: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and "-" in name:
                project, version = name[: -len(".dist-info")].rsplit("-", 1)
                versions.setdefault(_normalise(project), version)
    for name in RENDER_PACKAGES:  # distributions installed some other way
        if _normalise(name) not in versions:
            with contextlib.suppress(metadata.PackageNotFoundError):
                versions[_normalise(name)] = metadata.version(name)
    return versions


def _normalise(name: str) -> str:
    """A distribution name compared without case, dashes, dots or underscores."""
    return re.sub(r"[-_.]+", "_", name).lower()


def folder_fingerprint(folder: Path) -> str:
    """Hash of every file's relative path and bytes below a folder."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def build_key(parts: dict[str, Any], files: Iterable[tuple[str, bytes]]) -> str:
    """The key of one brief's outputs: options and stamps, the bytes of its inputs, the software."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode())
    for name, data in sorted(files):
        digest.update(name.encode() + b"\0" + sha256(data).encode())
    digest.update(software_fingerprint().encode())
    return digest.hexdigest()


class Cache:
    """A folder of manifests (key -> output hashes), content-addressed blobs and chart SVGs."""

    def __init__(self, folder: Path | None = None, enabled: bool = True):
        self.folder = folder or default_folder()
        self.enabled = enabled

    def _blob(self, digest: str) -> Path:
        return self.folder / "blobs" / digest[:2] / digest

    def _manifest(self, key: str) -> Path:
        return self.folder / "builds" / f"{key}.json"

    def restore(self, key: str, out: Path) -> list[Path] | None:
        """Make the outputs of `key` present under `out`; None when the entry is missing or corrupt."""
        if not self.enabled:
            return None
        try:
            files = json.loads(self._manifest(key).read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        paths = []
        for relative, digest in files.items():
            target = out / relative
            if not _matches(target, digest):
                blob = self._blob(str(digest))
                if not _matches(blob, digest):
                    return None
                write_atomic(target, blob.read_bytes())
            paths.append(target)
        return paths

    def store(self, key: str, out: Path, files: dict[Path, bytes]) -> None:
        """Record the outputs of `key` (paths under `out`)."""
        if not self.enabled:
            return
        manifest = {}
        for path, data in files.items():
            digest = sha256(data)
            blob = self._blob(digest)
            if not _matches(blob, digest):
                write_atomic(blob, data)
            manifest[path.relative_to(out).as_posix()] = digest
        write_atomic(self._manifest(key), json.dumps({"files": manifest}, sort_keys=True).encode())

    def check_key(self, brief: bytes, display: str, strict: bool, catalogs: list[str] | None = None) -> str:
        """The key of a remembered check: the brief's bytes, how it is named and checked, the software.

        `catalogs`: the languages of a style's or repository's own labels, which decide the no-catalog warning.
        """
        return build_key({"check": display, "strict": strict, "catalogs": catalogs or []}, [("brief", brief)])

    def recall_check(self, key: str, base: Path) -> tuple[list[Problem], list[Path], int] | None:
        """A remembered check of a brief that passed, if the images it used are unchanged; else None."""
        if not self.enabled:
            return None
        try:
            memo = json.loads((self.folder / "checks" / f"{key}.json").read_text(encoding="utf-8"))
            images = [(base / rel, digest) for rel, digest in memo["images"]]
            problems = [Problem(*row) for row in memo["problems"]]
            epoch = int(memo["epoch"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not all(_matches(path, digest, MAX_ASSET_BYTES) for path, digest in images):
            return None
        return problems, [path.resolve() for path, _ in images], epoch

    def remember_check(self, key: str, base: Path, problems: list[Problem], images: list[Path], epoch: int) -> None:
        """Remember a passing check: its warnings, the images it used (with their hashes) and the brief's date."""
        if not self.enabled:
            return
        root = base.resolve()
        rows = [[os.path.relpath(p, root), sha256(read_capped(p))] for p in images]
        memo = {
            "problems": [[p.file, p.line, p.col, p.message, p.severity] for p in problems],
            "images": rows,
            "epoch": epoch,
        }
        write_atomic(self.folder / "checks" / f"{key}.json", json.dumps(memo, sort_keys=True).encode())

    def get_citations(self, key: str) -> bytes | None:
        """pandoc's citeproc output remembered for a key (a hash of its whole input), or None."""
        if not self.enabled:
            return None
        try:
            data = read_capped(self.folder / "citations" / f"{key}.json", MAX_BLOB_BYTES)
        except OSError:
            return None
        prefix = f"{key[:16]}\n".encode()
        return data[len(prefix) :] if data.startswith(prefix) and data.rstrip().endswith(b"}") else None

    def put_citations(self, key: str, data: bytes) -> None:
        """Remember pandoc's citeproc output for a key."""
        if self.enabled:
            write_atomic(self.folder / "citations" / f"{key}.json", f"{key[:16]}\n".encode() + data)

    def get_font(self, path: str, characters: str, flavor: str) -> bytes | None:
        """A cached font subset (render/webfonts.py), or None."""
        if not self.enabled:
            return None
        where, digest = self._font_path(path, characters, flavor)
        try:
            data = read_capped(where, MAX_BLOB_BYTES)
        except OSError:
            return None
        prefix = f"{digest[:16]}\n".encode()
        font = data[len(prefix) :]
        return font if data.startswith(prefix) and _font_ok(font) else None

    def put_font(self, path: str, characters: str, flavor: str, data: bytes) -> None:
        """Cache a font subset."""
        if self.enabled:
            where, digest = self._font_path(path, characters, flavor)
            write_atomic(where, f"{digest[:16]}\n".encode() + data)

    def _font_path(self, path: str, characters: str, flavor: str) -> tuple[Path, str]:
        """Where a subset of a font file to some characters is cached, and its key."""
        source = sha256(Path(path).read_bytes())
        digest = sha256(f"{source}\n{flavor}\n{characters}\n{software_fingerprint()}".encode())
        return self.folder / "fonts" / f"{digest}.{flavor}", digest

    def get_chart(self, spec: Any) -> str | None:
        """A cached chart SVG, or None."""
        if not self.enabled:
            return None
        path, digest = self._chart_path(spec)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        prefix = f"<!--{digest[:16]}-->".encode()
        return data[len(prefix) :].decode("utf-8") if data.startswith(prefix) and _svg_ok(data) else None

    def put_chart(self, spec: Any, svg: str) -> None:
        """Cache a chart SVG."""
        if self.enabled:
            path, digest = self._chart_path(spec)
            write_atomic(path, f"<!--{digest[:16]}-->".encode() + svg.encode("utf-8"))

    def _chart_path(self, spec: Any) -> tuple[Path, str]:
        """Where a chart's SVG is cached, and its key."""
        fonts = "".join(sha256(Path(f).read_bytes()) for f in spec.font_files if Path(f).is_file())
        described = {name: _plain(getattr(spec, name)) for name in spec.__dataclass_fields__}
        digest = sha256(
            json.dumps(described, sort_keys=True).encode() + fonts.encode() + software_fingerprint().encode()
        )
        return self.folder / "charts" / f"{digest}.svg", digest


def _plain(value: Any) -> Any:
    """Plain JSON data for a chart spec field: text, lists and maps of text."""
    if isinstance(value, dict):
        return [[str(k), str(v)] for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def _matches(path: Path, digest: str, limit: int = MAX_BLOB_BYTES) -> bool:
    """True when a file exists, is within `limit` bytes and its bytes hash to `digest`."""
    try:
        return sha256(read_capped(path, limit)) == digest
    except OSError:
        return False


def _font_ok(data: bytes) -> bool:
    """A cached font is whole: a WOFF or WOFF2 header whose length field is the file's length."""
    return data[:4] in (b"wOFF", b"wOF2") and len(data) >= 12 and int.from_bytes(data[8:12], "big") == len(data)


def _svg_ok(data: bytes) -> bool:
    """A cached chart is whole: it ends with the closing svg tag."""
    return data.rstrip().endswith(b"</svg>")
