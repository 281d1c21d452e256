"""`briefgen serve`: a loopback-only HTTP server for the preview, and a watcher that bumps its version on each save."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import click

from briefgen.cli.serve_pages import Page, error_page, route
from briefgen.cli.serve_site import Site
from briefgen.errors import Problem
from briefgen.render.styles import StyleError, find_style

HOST = "127.0.0.1"
ALLOWED_HOSTS = {"127.0.0.1", "localhost"}


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
