"""Fetch one page the user named by URL, with limits, using only the standard library.

Only ever called when the user gives a URL: cleaner never goes to the network on
its own. The limits (timeout, size cap, redirect count) make a hostile or broken
server fail fast with a FetchError instead of hanging or filling memory.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import IO, Any

from cleaner import __version__
from cleaner.errors import FetchError

USER_AGENT = f"cleaner/{__version__} (+https://github.com/cleaner/cleaner)"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Fetched:
    """A fetched page: the body bytes, the URL after redirects, and the declared charset."""

    url: str
    data: bytes
    charset: str | None
    content_type: str
    status: int


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, max_redirects: int) -> None:
        # urllib reads these as class attributes; per-instance values override them.
        self.__dict__["max_redirections"] = max_redirects
        self.__dict__["max_repeats"] = max(1, max_redirects)

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not newurl.startswith(("http://", "https://")):
            raise FetchError(f"{req.full_url}: redirect to a non-HTTP URL refused: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _read_limited(response: IO[bytes], url: str, max_bytes: int, deadline: float) -> bytes:
    """Read in chunks so both the size cap and a total deadline hold (a server that
    drips one byte at a time never trips a per-read socket timeout)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = response.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if max_bytes and total > max_bytes:
            raise FetchError(f"{url}: response is over the {max_bytes:,}-byte limit")
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: download did not finish within the time limit")
        chunks.append(chunk)


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    user_agent: str = USER_AGENT,
) -> Fetched:
    """GET `url` (http or https only). Raises FetchError on any failure or limit."""
    if not url.startswith(("http://", "https://")):
        raise FetchError(f"{url}: only http:// and https:// URLs can be fetched")
    opener = urllib.request.build_opener(_LimitedRedirects(max_redirects))
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": user_agent,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
        },
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            headers: Message = response.headers
            length = headers.get("Content-Length")
            if max_bytes and length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(
                    f"{url}: response is {int(length):,} bytes, over the {max_bytes:,}-byte limit"
                )
            data = _read_limited(response, url, max_bytes, time.monotonic() + timeout)
            return Fetched(
                url=response.geturl(),
                data=data,
                charset=headers.get_content_charset(),
                content_type=headers.get_content_type(),
                status=response.status,
            )
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code in (301, 302, 303, 307, 308):
            raise FetchError(
                f"{url}: redirect not followed ({exc.reason}); "
                f"at most {max_redirects} redirects, to http(s) URLs only"
            ) from exc
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise FetchError(f"{url}: cannot fetch ({exc.reason})") from exc
    except TimeoutError as exc:
        raise FetchError(f"{url}: no response within {timeout:g}s") from exc
    except (OSError, ValueError) as exc:
        raise FetchError(f"{url}: cannot fetch ({exc})") from exc
