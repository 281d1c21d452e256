"""`briefgen serve` without a browser: routes, error pages, PDFs, path safety and the version token.

A brief with errors is answered with HTTP 500 and an HTML page listing its problems (see cli/serve_pages.py).
"""

from __future__ import annotations

import http.client
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefgen.cli.serve_command import make_server, start_watcher
from briefgen.cli.serve_site import Site
from briefgen.render.styles import find_style
from helpers import MINIMAL, run, write
from servehelp import serving

B_TITLE = "A second brief"


@dataclass
class Server:
    """A running preview server and the folder it serves."""

    site: Site
    folder: Path
    url: str

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
        """(status, content type, body) of a GET, errors included."""
        request = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.headers["Content-Type"], response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers["Content-Type"], exc.read()

    def raw(self, path: str) -> int:
        """The status of a GET of a path sent exactly as written."""
        connection = http.client.HTTPConnection(self.url.split("//")[1].rstrip("/"), timeout=10)
        try:
            connection.request("GET", path)
            return connection.getresponse().status
        finally:
            connection.close()

    def version(self) -> str:
        """The current version token."""
        return self.get("/__version")[2].decode()

    def edit(self, name: str, text: str, timeout: float = 5.0) -> float:
        """Rewrite a file and wait (bounded) until the version changes; seconds taken."""
        before, start = self.version(), time.monotonic()
        (self.folder / name).write_text(text, encoding="utf-8")
        while time.monotonic() - start < timeout:
            if self.version() != before:
                return time.monotonic() - start
            time.sleep(0.05)
        raise AssertionError(f"version did not change within {timeout} s of editing {name}")


def _serve(path: Path, folder: Path) -> Iterator[Server]:
    """Run a server on a free port in a thread, with its watcher, until the test ends."""
    site = Site(path, find_style("default"))
    server = make_server(site, 0)
    stop = threading.Event()
    watcher = start_watcher(site, stop)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    running = Server(site, folder, f"http://127.0.0.1:{server.server_address[1]}")
    _wait_for_watcher(running)
    try:
        yield running
    finally:
        server.shutdown()
        server.server_close()
        stop.set()
        thread.join(timeout=5)
        watcher.join(timeout=5)


def _wait_for_watcher(server: Server) -> None:
    """Touch a file that is not a brief until the watcher reports it (it starts asynchronously)."""
    deadline = time.monotonic() + 10
    before = server.version()
    while time.monotonic() < deadline:
        (server.folder / "_probe.txt").write_text(str(time.monotonic()))
        time.sleep(0.2)
        if server.version() != before:
            return
    raise AssertionError("the watcher never reported a change")


@pytest.fixture
def server(workdir: Path) -> Iterator[Server]:
    """A server over a folder holding a.yaml (draft) and b.yaml (final)."""
    write(workdir, "briefs/a.yaml", MINIMAL)
    write(
        workdir,
        "briefs/b.yaml",
        MINIMAL.replace("A minimal brief", B_TITLE).replace("date: 2025-01-31\n", "date: 2025-01-31\nstatus: final\n"),
    )
    yield from _serve(workdir / "briefs", workdir / "briefs")


def test_index_lists_every_brief_with_status(server: Server) -> None:
    status, kind, body = server.get("/")
    page = body.decode()
    assert status == 200 and kind.startswith("text/html")
    assert "A minimal brief" in page and B_TITLE in page
    assert 'href="/brief/a"' in page and 'href="/brief/b"' in page
    assert "a.yaml" in page and "b.yaml" in page
    assert "draft" in page and "final" in page
    assert "/__version" in page  # the index reloads too


def test_brief_page_has_title_and_reload_script(server: Server) -> None:
    status, kind, body = server.get("/brief/b")
    assert status == 200 and kind.startswith("text/html")
    page = body.decode()
    assert f"<h1>{B_TITLE}</h1>" in page
    assert page.index("/__version") < page.index("</body>")


def test_broken_brief_shows_errors_then_recovers(server: Server) -> None:
    broken = MINIMAL.replace("A minimal brief", B_TITLE).replace("{london_population}", "{london_populaton}")
    server.edit("b.yaml", broken)
    status, kind, body = server.get("/brief/b")
    page = body.decode()
    assert status == 500 and kind.startswith("text/html")
    assert re.search(r"b\.yaml:5:21: error: unknown figure", page), page
    assert "/__version" in page  # so it reloads once fixed
    index = server.get("/")[2].decode()
    assert "1 error" in index
    assert server.get("/brief/b.pdf")[0] == 500

    server.edit("b.yaml", MINIMAL.replace("A minimal brief", B_TITLE))
    status, _, body = server.get("/brief/b")
    assert status == 200 and f"<h1>{B_TITLE}</h1>" in body.decode()


def test_a_brief_missing_a_required_key_shows_its_errors(server: Server) -> None:
    server.edit("b.yaml", MINIMAL.replace("problem: It is large.\n", ""))
    status, kind, body = server.get("/brief/b")
    assert status == 500 and kind.startswith("text/html")
    assert "b.yaml:1:1: error: missing required key &#39;problem&#39;" in body.decode()
    assert "b.yaml" in server.get("/")[2].decode()


def test_problems_and_titles_are_escaped(server: Server) -> None:
    server.edit("a.yaml", MINIMAL.replace("A minimal brief", "A <script>x()</script> brief"))
    assert "<script>x()" not in server.get("/")[2].decode()
    assert "A &lt;script&gt;x()&lt;/script&gt; brief" in server.get("/")[2].decode()
    server.edit("a.yaml", MINIMAL + '"<i>bad</i>": 1\n')
    page = server.get("/brief/a")[2].decode()
    assert "a.yaml:15:1: error: unknown key &#39;&lt;i&gt;bad&lt;/i&gt;&#39;" in page


def test_pdf_is_built_on_demand(server: Server) -> None:
    status, kind, body = server.get("/brief/a.pdf")
    assert status == 200 and kind == "application/pdf"
    assert body.startswith(b"%PDF")


@pytest.mark.parametrize(
    "path",
    [
        "/brief/../a",
        "/brief/%2e%2e/a",
        "/brief/..%2fbriefs%2fa",
        "/../briefs/a.yaml",
        "/brief/a.yaml",
        "/briefs/a.yaml",
        "/brief/_probe.txt",
        "/brief/",
        "/nothing",
    ],
)
def test_only_briefs_are_served(server: Server, path: str) -> None:
    assert server.raw(path) == 404


def test_foreign_host_names_are_refused(server: Server) -> None:
    assert server.get("/", headers={"Host": "attacker.example:80"})[0] == 403
    assert server.get("/", headers={"Host": "localhost"})[0] == 200


def test_version_changes_soon_after_an_edit(server: Server) -> None:
    before = server.version()
    assert before == server.version()
    assert "8.63m people" in server.get("/brief/a")[2].decode()
    server.edit("a.yaml", MINIMAL.replace("8630000", "8700000"), timeout=30)  # a bound, not a speed target
    assert server.version() != before
    assert "8.7m people" in server.get("/brief/a")[2].decode()


def test_a_single_brief_is_shown_at_the_root(workdir: Path) -> None:
    write(workdir, "one/solo.yaml", MINIMAL)
    for running in _serve(workdir / "one" / "solo.yaml", workdir / "one"):
        request = urllib.request.urlopen(running.url + "/", timeout=60)
        assert request.url.endswith("/brief/solo")
        assert "<h1>A minimal brief</h1>" in request.read().decode()


def test_unknown_style_is_a_usage_error(workdir: Path) -> None:
    write(workdir, "briefs/a.yaml", MINIMAL)
    result = run("serve", "briefs", "--style", "no-such-style")
    assert result.exit_code == 2 and "unknown style" in result.output


def test_command_prints_address_and_stops_cleanly_on_ctrl_c(workdir: Path) -> None:
    write(workdir, "briefs/a.yaml", MINIMAL)
    with serving(workdir) as address, urllib.request.urlopen(address, timeout=30) as response:
        assert "A minimal brief" in response.read().decode()
