"""Hostile briefs and hostile styles: each fails cleanly or is neutralised, and nothing leaks."""

from __future__ import annotations

import http.server
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import MINIMAL, run, write

SECRET = "TOPSECRET-8d1f3c"


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on loopback that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def with_problem(text: str) -> str:
    """MINIMAL whose problem is the given Markdown block."""
    body = "\n".join("  " + line for line in text.splitlines())
    return MINIMAL.replace("problem: It is large.\n", f"problem: |\n{body}\n")


def outputs_leak(folder: Path) -> bool:
    """True when any file under `folder` holds the secret."""
    return any(SECRET.encode() in p.read_bytes() for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def secret(workdir: Path) -> Path:
    """A file outside the brief's folder that must never reach an output."""
    path = workdir / "secret.txt"
    path.write_text(SECRET)
    return path


@pytest.mark.parametrize(
    "src",
    [
        "file:///etc/passwd",
        "../secret.txt",
        "/etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "http://127.0.0.1:9/x.png",
        "//evil.example/x.png",
    ],
)
def test_images_outside_the_folder_are_refused_before_rendering(workdir: Path, secret: Path, src: str) -> None:
    write(workdir, "brief/b.yaml", with_problem(f"![A picture]({src})"))
    result = run("build", "brief/b.yaml", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.startswith("brief/b.yaml:7:")
    assert "image" in result.stderr.splitlines()[0]
    assert not (workdir / "out").exists()


def test_symlink_out_of_the_folder_is_refused(workdir: Path, secret: Path) -> None:
    write(workdir, "brief/b.yaml", with_problem("![A picture](images/link.png)"))
    (workdir / "brief" / "images").mkdir()
    (workdir / "brief" / "images" / "link.png").symlink_to(secret)
    result = run("build", "brief/b.yaml", "-o", "out")
    assert result.exit_code == 1
    assert "not found inside the brief's folder" in result.stderr
    assert not (workdir / "out").exists()


def hostile_style(workdir: Path, css: str, files: dict[str, bytes] | None = None) -> Path:
    """A workspace style with the given CSS and extra files."""
    folder = workdir / "styles" / "hostile"
    folder.mkdir(parents=True)
    (folder / "style.css").write_text(css)
    for name, data in (files or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize(
    "css",
    [
        "@import url({url}/x.css);",
        "body {{ background: url({url}/bg.png); }}",
        "@font-face {{ font-family: X; src: url({url}/f.otf); }} body {{ font-family: X; }}",
    ],
)
def test_style_cannot_reach_the_network(workdir: Path, listener: tuple[str, list[str]], css: str) -> None:
    url, hits = listener
    write(workdir, "b.yaml", MINIMAL)
    hostile_style(workdir, css.format(url=url))
    result = run("build", "b.yaml", "--to", "pdf", "--style", "hostile", "-o", "out")
    assert result.exit_code == 1
    assert "b.yaml:1:1: error: PDF:" in result.stderr
    assert hits == []
    assert not (workdir / "out" / "b.pdf").exists()


@pytest.mark.parametrize(
    "css",
    [
        "@import url(file://{secret});",
        "body {{ background: url(../../secret.txt); }}",
        "body {{ background: url(data:image/png;base64,iVBORw0KGgo=); }}",
        "body {{ background: url(missing.png); }}",
        "body {{ background: url(trick.svg); }}",
    ],
)
def test_style_cannot_read_outside_its_folder(workdir: Path, secret: Path, css: str) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="file://{secret}" width="10" height="10"/></svg>'
    write(workdir, "b.yaml", MINIMAL)
    hostile_style(workdir, css.format(secret=secret), {"trick.svg": svg.encode()})
    result = run("build", "b.yaml", "--to", "pdf", "--style", "hostile", "-o", "out")
    assert result.exit_code == 1, result.output
    assert "error: PDF:" in result.stderr
    assert not outputs_leak(workdir / "out") if (workdir / "out").exists() else True


def png_bomb(width: int, height: int) -> bytes:
    """A tiny PNG file that claims a huge 1-bit image."""
    raw = zlib.compress(b"\x00" * ((width // 8 + 1) * height), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def test_decompression_bomb_fails_cleanly(workdir: Path) -> None:
    write(workdir, "b.yaml", with_problem("![A bomb](bomb.png)"))
    (workdir / "bomb.png").write_bytes(png_bomb(20000, 20000))
    result = run("build", "b.yaml", "--to", "pdf", "-o", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "b.yaml:7:13: error: image 'bomb.png' has 400,000,000 pixels; at most 25,000,000 are allowed"
    )
    assert not (workdir / "out" / "b.pdf").exists()


def test_javascript_links_and_raw_html_are_neutralised(workdir: Path) -> None:
    write(
        workdir,
        "b.yaml",
        with_problem("[click](javascript:alert(1)) <script>alert(2)</script> <img src=x onerror=alert(3)> {{ 7*7 }}"),
    )
    result = run("build", "b.yaml", "--to", "md,html", "-o", "out")
    assert result.exit_code == 0
    html = (workdir / "out" / "b.html").read_text()
    assert "javascript:" not in html and "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    text = html.split("</head>", 1)[1]  # the head's embedded fonts are base64, where any digits may occur
    assert "{ 7*7 }" in text and "49" not in text


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{ ''.__class__.__mro__[1].__subclasses__() }}",
            "access to attribute '__class__' of 'str' object is unsafe.",
        ),
        (
            "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
            "access to attribute '__class__' of 'list' object is unsafe.",
        ),
        (
            "{{ self._TemplateReference__context }}{{ cycler.__init__.__globals__.os }}",
            "access to attribute '_TemplateReference__context' of 'TemplateReference' object is unsafe.",
        ),
        ("{% include '../../secret.txt' %}", "template not found: ../../secret.txt"),
        ("{% include '/etc/passwd' %}", "template not found: /etc/passwd"),
    ],
)
def test_jinja_code_in_a_style_template_is_contained(workdir: Path, secret: Path, template: str, message: str) -> None:
    write(workdir, "b.yaml", MINIMAL)
    hostile_style(workdir, "body { color: black }", {"templates/brief.html.j2": template.encode()})
    result = run("build", "b.yaml", "--to", "html", "--style", "hostile", "-o", "out")
    assert "Traceback" not in result.output
    assert not outputs_leak(workdir / "out") if (workdir / "out").exists() else True
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"styles/hostile/templates/brief.html.j2:1:1: error: template error: {message}",
        "0 built, 1 failed",
    ]
    assert not (workdir / "out" / "b.html").exists()
