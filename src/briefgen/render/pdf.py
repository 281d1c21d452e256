"""Render HTML to PDF with WeasyPrint, loading only files from allowed folders."""

from __future__ import annotations

import logging
import mimetypes
import os
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from briefgen.render.weasyload import import_weasyprint

import_weasyprint()

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402

from briefgen.brief.images import MAX_IMAGE_PIXELS, mime_type  # noqa: E402
from briefgen.errors import BriefError, BriefgenError, Problem  # noqa: E402
from briefgen.fsutil import MAX_ASSET_BYTES, read_capped  # noqa: E402
from briefgen.render.pagefloat import laid_out  # noqa: E402
from briefgen.render.pdf_hints import noting  # noqa: E402
from briefgen.render.pdf_tags import finish  # noqa: E402

MAX_RESOURCE_BYTES = MAX_ASSET_BYTES
BRIEF_ROOT = "/brief/"
STYLE_ROOT = "/style/"
FONTS_ROOT = "/fonts/"
GENERATED_ROOT = "/generated/"

# WeasyPrint's warnings about the machine, not about a brief: left out of each brief's problems and
# said once per run instead (see environment_warnings).
ENVIRONMENT_MESSAGES = ("Using fontTools instead of HarfBuzz-Subset",)
NO_HARFBUZZ_SUBSET = (
    "HarfBuzz's font subsetter (libharfbuzz-subset0 on Debian and Ubuntu) is not installed, so "
    "PDF fonts are subset with fontTools, which is slower; install it"
)

mimetypes.add_type("font/otf", ".otf")
mimetypes.add_type("font/ttf", ".ttf")
mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("image/svg+xml", ".svg")


class RefusedResource(BriefgenError):
    """A resource the sandbox will not load."""


class SandboxFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type information
    """Serve regular files under mounted folders, and generated files; refuse everything else."""

    def __init__(self, mounts: dict[str, Path], generated: dict[str, bytes] | None = None):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False, fail_on_errors=True, timeout=1)
        self.mounts = {prefix: root.resolve() for prefix, root in mounts.items()}
        self.generated = generated or {}
        self.asked: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        """Return a mounted or generated file, or raise RefusedResource."""
        self.asked.append(url[:200])
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost") or parts.query:
            raise RefusedResource(f"refused {url[:80]!r}: only files of the brief and its style are loaded")
        path = unquote(parts.path)
        if path.startswith(GENERATED_ROOT) and path[len(GENERATED_ROOT) :] in self.generated:
            name = path[len(GENERATED_ROOT) :]
            return self._response(url, self.generated[name], name)
        real = self._resolve(path)
        return self._response(url, _read_regular_file(real), real.name)

    def _resolve(self, path: str) -> Path:
        """Map a virtual path to a real file inside its mount, symlinks resolved first."""
        for prefix, root in self.mounts.items():
            if path.startswith(prefix):
                try:
                    real = (root / path[len(prefix) :]).resolve(strict=True)
                except (OSError, RuntimeError):
                    raise RefusedResource(f"not found: {path[len(prefix) :]!r}") from None
                if real == root or root in real.parents:
                    return real
                raise RefusedResource(f"refused {path!r}: it leads outside its folder")
        raise RefusedResource(f"refused {path!r}: not inside the brief's or the style's folder")

    @staticmethod
    def _response(url: str, body: bytes, name: str) -> URLFetcherResponse:
        """A response with the content type guessed from the name, or for an image from its content."""
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if mime.startswith("image/"):
            mime = mime_type(body)
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})


def _read_regular_file(real: Path) -> bytes:
    """Read a regular file, refusing devices, FIFOs and files over the size cap."""
    try:
        return read_capped(real, MAX_RESOURCE_BYTES)
    except OSError as exc:
        raise RefusedResource(f"refused {real.name!r}: {exc}") from None


class _Collector(logging.Handler):
    """Collects WeasyPrint's warnings and errors during one render."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _collected() -> Iterator[_Collector]:
    """Capture the weasyprint logger's records instead of printing them."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    old_propagate, old_level = logger.propagate, logger.level
    logger.addHandler(collector)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.propagate, logger.level = old_propagate, old_level


@contextmanager
def _image_limits() -> Iterator[None]:
    """Keep Pillow's decompression-bomb limit low, and make it an error."""
    from PIL import Image  # noqa: PLC0415  Pillow, only when an image is checked

    old = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = old


@contextmanager
def _source_date(epoch: int | None) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH (read by fontTools when subsetting) unless already set."""
    if epoch is None or "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


@dataclass
class PdfJob:
    """Everything one PDF render needs."""

    html: str
    css: list[str]
    brief_dir: Path
    style_dir: Path
    fonts_dir: Path
    file: str
    generated: dict[str, bytes] = field(default_factory=dict)
    variant: str = "pdf/ua-1"
    epoch: int | None = None
    note_label: str = "Note"


def render_pdf(job: PdfJob) -> tuple[bytes, list[str]]:
    """Render a PDF; refused or missing resources fail; other warnings are returned once each."""
    fetcher = SandboxFetcher(
        {BRIEF_ROOT: job.brief_dir, STYLE_ROOT: job.style_dir, FONTS_ROOT: job.fonts_dir}, job.generated
    )
    fonts = FontConfiguration()
    with _collected() as collector, _image_limits(), _source_date(job.epoch):
        try:
            sheets = [
                CSS(string=css, base_url=f"file://{STYLE_ROOT}", url_fetcher=fetcher, font_config=fonts)
                for css in job.css
            ]
            options = {"pdf_variant": job.variant, "presentational_hints": False, "custom_metadata": True}
            document = laid_out(  # again, with charts moved and options split, while that fills holes at page feet
                lambda: HTML(string=job.html, base_url=f"file://{BRIEF_ROOT}", url_fetcher=fetcher),
                lambda source: source.render(stylesheets=sheets, font_config=fonts, **options),
            )
            with noting() as hints:
                data = document.write_pdf(uncompressed_pdf=False, **options)
            data = finish(data, hints, job.note_label)
        except (Exception, FatalURLFetchingError) as exc:  # the latter is a BaseException
            raise BriefError(Problem(job.file, 1, 1, f"PDF: {_reason(exc)}")) from None
    return data, _judge(collector.records, job.file)


def _reason(exc: BaseException) -> str:
    """The innermost, plainest reason for a failure."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    return str(exc) or type(exc).__name__


_MISSING_ANCHOR = re.compile(r"No anchor #.* for internal URI reference")


def _judge(records: list[logging.LogRecord], file: str) -> list[str]:
    """Fail on errors (refused or broken resources); return other warnings once each."""
    records = [r for r in records if not _MISSING_ANCHOR.match(r.getMessage())]  # warned at the link
    errors = [r.getMessage() for r in records if r.levelno >= logging.ERROR]
    if errors:
        raise BriefError([Problem(file, 1, 1, f"PDF: {_first_line(m)}") for m in dict.fromkeys(errors)])
    messages = [r.getMessage() for r in records]
    return list(dict.fromkeys(_first_line(m) for m in messages if not m.startswith(ENVIRONMENT_MESSAGES)))


def environment_warnings() -> list[str]:
    """Warnings about this machine's libraries that make every PDF slower or worse: said once per run."""
    from weasyprint.pdf import fonts  # noqa: PLC0415  WeasyPrint, only for PDFs

    subsetter = getattr(fonts, "harfbuzz_subset", None)
    if subsetter is None or not fonts.harfbuzz.hb_version_atleast(4, 1, 0):
        return [NO_HARFBUZZ_SUBSET]
    return []


def _first_line(message: str) -> str:
    """The first line of a log message, shortened."""
    line = message.strip().splitlines()[0] if message.strip() else message
    return line if len(line) <= 200 else line[:199] + "…"
