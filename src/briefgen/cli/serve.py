"""`briefgen serve`: a loopback-only preview server that rebuilds briefs as they are saved.

Routes: `/` (index, or a redirect when serving one brief), `/brief/<path>` (the brief's HTML
with a live-reload script), `/brief/<path>.pdf`, `.docx` and `.odt` (downloads, built on demand) and `/__version`
(a token that changes whenever a file under the folder changes; pages poll it and reload).
`<path>` is the brief's path below the folder without its .yaml suffix, as `build` names outputs.
A brief that fails to check (or to render) is answered with HTTP 500 and an error page listing
each problem as `path:line:col: severity: message`, so `curl --fail` and scripts see the failure;
browsers show the page all the same, and it reloads into the brief once the file is fixed.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import quote, unquote, urlsplit

import click
from markupsafe import Markup

from briefgen.brief.result import CheckResult, check_file
from briefgen.build.discover import discover
from briefgen.errors import BriefError, Problem
from briefgen.render.labels import Labels, labels_for
from briefgen.render.outputs import render_outputs
from briefgen.render.settings import Settings
from briefgen.render.styles import Style, StyleError, find_style
from briefgen.render.templates import render_template

T = TypeVar("T")

HOST = "127.0.0.1"
ALLOWED_HOSTS = {"127.0.0.1", "localhost"}
POLL_MS = 300
RELOAD_SCRIPT = """<script>
(function () {
  var version = %s, remember = %s, key = "briefgen-scroll:" + location.pathname;
  if (remember && sessionStorage.getItem(key) !== null) {
    history.scrollRestoration = "manual"; window.scrollTo(0, +sessionStorage.getItem(key));
  }
  function poll() {
    fetch("/__version", {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (text) {
      if (text.trim() === version) { setTimeout(poll, %d); return; }
      if (remember) { sessionStorage.setItem(key, String(window.scrollY)); }
      location.reload();
    }).catch(function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, %d);
})();
</script>
"""


@dataclass(frozen=True)
class Page:
    """A response: status, content type and body."""

    status: int
    content_type: str
    body: bytes


DOWNLOADS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
NOT_FOUND = Page(404, "text/plain; charset=utf-8", b"not found\n")


class Site:
    """The briefs being served, a version bumped on every change, and renders cached per version."""

    def __init__(self, path: Path, style: Style):
        self.path = path
        self.folder = path if path.is_dir() else path.parent
        self.style = style
        self._boot = secrets.token_hex(4)
        self._count = 0
        self._lock = threading.Lock()
        self._render_lock = threading.RLock()
        self._cache: dict[tuple[str, str], tuple[str, Any]] = {}

    @property
    def version(self) -> str:
        """A token that changes on every change to the folder (and on every restart)."""
        return f"{self._boot}-{self._count}"

    def bump(self) -> None:
        """Note a change: new version, stale renders dropped."""
        with self._lock:
            self._count += 1
            self._cache.clear()

    def cached(self, kind: str, key: str, version: str, make: Callable[[], T]) -> T:
        """A value made once per version (read before making it); renders run one at a time."""
        with self._render_lock:
            hit = self._cache.get((kind, key))
            if hit is not None and hit[0] == version:
                return cast(T, hit[1])
            value = make()
            with self._lock:
                self._cache[(kind, key)] = (version, value)
            return value

    def briefs(self, version: str) -> dict[str, Path]:
        """Every brief served, keyed by its path below the folder without suffix (the first of a clash wins)."""

        def find() -> dict[str, Path]:
            jobs = discover([self.path], Path())
            return dict(sorted({job.out_stem.as_posix(): job.source for job in reversed(jobs)}.items()))

        return self.cached("briefs", "", version, find)

    def check(self, key: str, version: str) -> CheckResult:
        """The checked brief and its problems."""
        source = self.briefs(version)[key]
        root = self.path if self.path.is_dir() else None
        return self.cached("check", key, version, lambda: check_file(source, root=root))


def reload_script(version: str, remember: bool = False) -> str:
    """The script that reloads the page when the version changes, keeping a brief's scroll position."""
    return RELOAD_SCRIPT % (json.dumps(version), json.dumps(remember), POLL_MS, POLL_MS)


def _html(status: int, text: str) -> Page:
    """An HTML response."""
    return Page(status, "text/html; charset=utf-8", text.encode("utf-8"))


def error_page(key: str, problems: list[Problem], version: str, labels: Labels | None = None) -> Page:
    """The page shown instead of a brief that has errors, in the brief's language when it could be read."""
    labels = labels or labels_for("en")
    view = {
        "labels": labels,
        "lang": labels.catalog.locale if labels.catalog.found else "en",
        "name": key,
        "problems": [{"text": str(p), "severity": p.severity} for p in problems],
        "reload": Markup(reload_script(version)),
    }
    return _html(500, render_template("serve_errors.html.j2", view, html=True))


def index_page(site: Site, version: str) -> Page:
    """Every brief of the folder: title, file, status and problems, linked."""
    rows = []
    for key, source in site.briefs(version).items():
        result = site.check(key, version)
        checked, problems, failed = result.checked, result.problems, result.failed
        rows.append(
            {
                "href": "/brief/" + quote(key),
                "path": source.relative_to(site.folder).as_posix(),
                "title": (checked.draft.title or source.name) if checked else source.name,
                "status": checked.draft.status if checked else "unknown",
                "failed": failed,
                "errors": sum(p.severity == "error" for p in problems),
                "warnings": sum(p.severity == "warning" for p in problems),
            }
        )
    view = {"folder": str(site.path), "rows": rows, "reload": Markup(reload_script(version))}
    return _html(200, render_template("serve_index.html.j2", view, html=True))


def output_page(site: Site, key: str, version: str, fmt: str) -> Page:
    """The brief as HTML (with the reload script), PDF, Word or OpenDocument, or the error page."""
    result = site.check(key, version)
    labels = labels_for(result.checked.draft.locale, site.style.labels) if result.checked else None
    if result.failed or result.checked is None:
        return error_page(key, result.problems, version, labels)
    checked = result.checked
    try:
        data = site.cached(fmt, key, version, lambda: _render(site, checked, fmt))
    except BriefError as exc:
        return error_page(key, exc.problems, version, labels)
    if fmt in DOWNLOADS:
        return Page(200, DOWNLOADS[fmt], data)
    head, tag, tail = data.rpartition("</body>")
    script = reload_script(version, remember=True)
    return _html(200, head + script + tag + tail if tag else data + script)


def _render(site: Site, checked: Any, fmt: str) -> Any:
    """One output of a checked brief, rendered as `build` renders it (HTML as text, the others as bytes)."""
    files, _ = render_outputs(checked, Path("preview"), Settings(site.style, formats=(fmt,)))  # type: ignore[arg-type]
    data = next(v for p, v in files.items() if p.suffix == f".{fmt}")
    return data.decode("utf-8") if fmt == "html" else data


def route(site: Site, raw_path: str) -> Page | str:
    """The page for a request path, or the location to redirect to."""
    path = unquote(urlsplit(raw_path).path)
    version = site.version  # read once: everything this request renders is at least this new
    if "\x00" in path or ".." in path.split("/"):
        return NOT_FOUND
    if path == "/__version":
        return Page(200, "text/plain; charset=utf-8", version.encode("ascii"))
    briefs = site.briefs(version)
    if path in ("/", "/index.html"):
        return "/brief/" + quote(next(iter(briefs))) if site.path.is_file() and briefs else index_page(site, version)
    if not path.startswith("/brief/"):
        return NOT_FOUND
    key = path[len("/brief/") :]
    if key in briefs:
        return output_page(site, key, version, "html")
    stem, dot, suffix = key.rpartition(".")
    if dot and suffix in DOWNLOADS and stem in briefs:
        return output_page(site, stem, version, suffix)
    return NOT_FOUND


class Handler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from the site; quiet, loopback only."""

    site: Site
    server_version = "briefgen"

    def do_GET(self) -> None:
        """Answer a GET."""
        self._answer(body=True)

    def do_HEAD(self) -> None:
        """Answer a HEAD."""
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        """Route, render and send, turning any fault into a 500 rather than a dropped connection."""
        if not self._host_allowed():
            page: Page | str = Page(403, "text/plain; charset=utf-8", b"forbidden host\n")
        else:
            try:
                page = route(self.site, self.path)
            except Exception as exc:  # a bug must not kill the preview
                traceback.print_exc(file=sys.stderr)
                problem = Problem(self.path, 1, 1, f"internal error: {exc!r}")
                page = error_page(self.path, [problem], self.site.version)
        if isinstance(page, str):
            self.send_response(302)
            self.send_header("Location", page)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(page, body)

    def _send(self, page: Page, body: bool) -> None:
        """Write a page with headers that keep it private and uncached."""
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        if body:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser went away
                self.wfile.write(page.body)

    def _host_allowed(self) -> bool:
        """Refuse other Host names, so a DNS-rebinding page cannot read the briefs."""
        host = (self.headers.get("Host") or HOST).rsplit(":", 1)[0].strip("[]").lower()
        return host in ALLOWED_HOSTS

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the page polls several times a second."""


def make_server(site: Site, port: int = 0) -> ThreadingHTTPServer:
    """An HTTP server for the site on the loopback interface."""
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    return server


def start_watcher(site: Site, stop: threading.Event) -> threading.Thread:
    """A daemon thread bumping the site's version on every change below its folder."""

    def run() -> None:
        import watchfiles  # noqa: PLC0415  watchfiles, only for serve

        for polling in (None, True):  # native events first; polling if they fail (e.g. inotify limits)
            try:
                for _ in watchfiles.watch(
                    site.folder,
                    stop_event=stop,
                    debounce=400,
                    step=50,
                    rust_timeout=1000,
                    raise_interrupt=False,
                    force_polling=polling,
                ):
                    site.bump()
                return
            except Exception as exc:  # keep serving; without live reload if polling fails too
                if stop.is_set():
                    return
                click.echo(f"briefgen serve: watching {site.folder} failed: {exc}", err=True)

    thread = threading.Thread(target=run, name="briefgen-watch", daemon=True)
    thread.start()
    return thread


@click.command()
@click.argument("path", required=False, default=Path("briefs"), type=click.Path(exists=True, path_type=Path))
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port on 127.0.0.1 (0 picks a free one).",
)
@click.option(
    "--style",
    default="default",
    show_default=True,
    help="A packaged style, a folder under ./styles, or a path to a style folder.",
)
def serve(path: Path, port: int, style: str) -> None:
    """Preview the briefs in PATH (a brief or a folder; default: briefs), reloaded as you save."""
    try:
        chosen = find_style(style)
    except StyleError as exc:
        raise click.BadParameter(str(exc), param_hint="'--style'") from None
    site = Site(path, chosen)
    try:
        server = make_server(site, port)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None
    stop = threading.Event()
    watcher = start_watcher(site, stop)
    click.echo(f"Serving {path} at http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        _ignore_interrupts()
        click.echo("Stopped.", err=True)
    finally:
        stop.set()
        server.server_close()
        watcher.join(timeout=2)


def _ignore_interrupts() -> None:
    """Let a second Ctrl-C not interrupt the clean shutdown."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
