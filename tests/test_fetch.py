"""URL input: fetched with limits from a real HTTP server on localhost."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cleaner.errors import FetchError
from cleaner.fetch import USER_AGENT, fetch
from tests.helpers import PROSE

ROOT = Path(__file__).resolve().parent.parent
PAGE = (
    "<html><head><title>Café news</title></head><body><nav>Home | News</nav><article>"
    f"<p>Le café du coin a rouvert ses portes mardi. {PROSE}</p><p>{PROSE}</p>"
    "</article></body></html>"
)
SEEN_AGENTS: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _send(self, body: bytes, ctype: str = "text/html; charset=iso-8859-1") -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        path = self.path
        if path == "/page":
            self._send(PAGE.encode("iso-8859-1"))
        elif path.startswith("/redirect/"):
            n = int(path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", "/page" if n == 0 else f"/redirect/{n - 1}")
            self.end_headers()
        elif path == "/big":
            self._send(b"<p>" + b"x" * 200_000 + b"</p>")
        elif path == "/big-unsized":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"<p>" + b"y" * 10_000 + b"</p>")
        elif path == "/slow":
            time.sleep(3)
            self._send(PAGE.encode())
        elif path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        else:
            self.send_error(404, "Not Found")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetch_page_with_charset_and_user_agent(server: str) -> None:
    SEEN_AGENTS.clear()
    got = fetch(f"{server}/page")
    assert got.status == 200 and got.charset == "iso-8859-1"
    assert got.data == PAGE.encode("iso-8859-1")
    assert SEEN_AGENTS == [USER_AGENT]
    fetch(f"{server}/page", user_agent="my-bot/1.0")
    assert SEEN_AGENTS[-1] == "my-bot/1.0"


def test_redirects_followed_up_to_the_limit(server: str) -> None:
    got = fetch(f"{server}/redirect/2", max_redirects=3)
    assert got.url == f"{server}/page"
    with pytest.raises(FetchError, match="at most 3 redirects"):
        fetch(f"{server}/redirect/4", max_redirects=3)
    with pytest.raises(FetchError, match=r"not allowed|non-HTTP"):
        fetch(f"{server}/to-file")


def test_size_cap_with_and_without_content_length(server: str) -> None:
    with pytest.raises(FetchError, match="limit"):
        fetch(f"{server}/big", max_bytes=100_000)
    with pytest.raises(FetchError, match="limit"):
        fetch(f"{server}/big-unsized", max_bytes=100_000)
    assert len(fetch(f"{server}/big", max_bytes=300_000).data) > 200_000


def test_timeout_and_http_errors(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError):
        fetch(f"{server}/slow", timeout=0.5)
    assert time.monotonic() - start < 2.5
    with pytest.raises(FetchError, match="404"):
        fetch(f"{server}/missing")
    with pytest.raises(FetchError, match="only http"):
        fetch("file:///etc/passwd")
    with pytest.raises(FetchError, match="cannot fetch"):
        fetch("http://127.0.0.1:9/", timeout=2)


def run_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "cleaner.cli", *args],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_cli_cleans_a_url(server: str, tmp_path: Path) -> None:
    proc = run_cli(f"{server}/page")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    assert "Le café du coin a rouvert" in text  # decoded with the HTTP header charset
    assert "Home | News" not in text
    proc = run_cli(f"{server}/page", "-f", "json")
    assert f'"url": "{server}/page"' in proc.stdout.decode()
    proc = run_cli(f"{server}/page", "-o", str(tmp_path))
    assert proc.returncode == 0
    (written,) = tmp_path.iterdir()
    assert written.parent == tmp_path and written.suffix == ".txt"
    proc = run_cli(f"{server}/missing")
    assert proc.returncode == 7 and b"404" in proc.stderr
