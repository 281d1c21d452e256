"""The pages of `briefgen serve`'s preview, by request path.

Routes: `/` (index, or a redirect when serving one brief), `/brief/<path>` (the brief's HTML
with a live-reload script), `/brief/<path>.pdf`, `.docx` and `.odt` (downloads, built on demand) and `/__version`
(a token that changes whenever a file under the folder changes; pages poll it and reload).
`<path>` is the brief's path below the folder without its .yaml suffix, as `build` names outputs.
A brief that fails to check (or to render) is answered with HTTP 500 and an error page listing
each problem as `path:line:col: severity: message`, so `curl --fail` and scripts see the failure;
browsers show the page all the same, and it reloads into the brief once the file is fixed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from markupsafe import Markup

from briefgen.cli.serve_site import Site
from briefgen.errors import BriefError, Problem
from briefgen.render.labels import Labels, labels_for
from briefgen.render.outputs import render_outputs
from briefgen.render.settings import Settings
from briefgen.render.templates import render_template

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
