"""What a hostile or broken server sends, as ``Fault`` actions for ``support.server``.

Each action writes a whole answer to the socket of ``BaseHTTPRequestHandler`` itself:
a gzip bomb, a body or headers dripped a byte at a time, a redirect to another address,
a body that claims to be gzip and is not. Every one stops by itself (a drip after
``seconds``), so a test that goes wrong fails instead of leaving a server running.
"""

from __future__ import annotations

import functools
import struct
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

Action = Callable[[BaseHTTPRequestHandler], None]
MIB = 1024 * 1024

# Text an answer can carry that must not reach sources.bib, a page or a terminal: NUL, an
# ANSI escape, a right-to-left override (shows "exe.png" as "gnp.exe"), a lone surrogate
# (JSON "\ud800"), a C1 control; and a title ending in a backslash, which once escaped
# the closing brace of its BibTeX value.
HOSTILE_TITLE = "Evil\x00 \x1b[31mred\x1b[0m \u202egnp.exe\u202c \ud800 title\x85 end \\"
CLEAN_TITLE = "Evil [31mred[0m gnp.exe title end \\"
# An error body that would retitle the terminal window and clear the screen.
TERMINAL_ESCAPES = b"\x1b]0;pwned\x07\x1b[2J\x1b[31mbad request\x1b[0m"


@functools.lru_cache(maxsize=4)
def gzip_bomb_bytes(inflated: int) -> bytes:
    """A single gzip member that inflates to ``inflated`` zero bytes (a multiple of 1 MiB).

    Built from one 1 MiB block compressed with a full flush (which resets the compressor,
    so every following block compresses to the same bytes), repeated: 2 GiB costs a second.
    """
    block = bytes(MIB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    steady = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = inflated // MIB
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    final_empty_block = b"\x03\x00"
    trailer = struct.pack("<II", crc, inflated & 0xFFFFFFFF)
    return first + steady * (count - 1) + final_empty_block + trailer


def gzip_bomb(inflated: int) -> Action:
    """A 200 whose gzip body inflates to ``inflated`` bytes (2 GiB: 2 MB on the wire)."""

    def send(handler: BaseHTTPRequestHandler) -> None:
        body = gzip_bomb_bytes(inflated)
        _head(handler, 200, [("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))])
        _write(handler, body)

    return send


def invalid_gzip() -> Action:
    """A 200 that says gzip and sends bytes that are not."""

    def send(handler: BaseHTTPRequestHandler) -> None:
        body = b"this is not gzip at all" * 10
        _head(handler, 200, [("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))])
        _write(handler, body)

    return send


def drip(every: float = 1.0, seconds: float = 30.0, *, headers_too: bool = False) -> Action:
    """A 200 whose body (or, with ``headers_too``, even its status line) comes a byte per
    ``every`` seconds, for at most ``seconds``: no read ever times out."""

    def send(handler: BaseHTTPRequestHandler) -> None:
        stop = time.monotonic() + seconds
        if not headers_too:
            _head(handler, 200, [("Content-Length", "100000000")])
        while time.monotonic() < stop:
            if not _write(handler, b"H" if headers_too else b"["):
                return
            time.sleep(every)

    return send


def redirect(to_base: str, status: int = 302) -> Action:
    """A redirect to the same path and query under ``to_base`` (another loopback port)."""

    def send(handler: BaseHTTPRequestHandler) -> None:
        _head(handler, status, [("Location", to_base + handler.path), ("Content-Length", "0")])

    return send


def redirect_loop(status: int = 302) -> Action:
    """A redirect to the very address that was asked for."""

    def send(handler: BaseHTTPRequestHandler) -> None:
        _head(handler, status, [("Location", handler.path), ("Content-Length", "0")])

    return send


def _head(handler: BaseHTTPRequestHandler, status: int, headers: list[tuple[str, str]]) -> None:
    handler.send_response(status)
    for name, value in headers:
        handler.send_header(name, value)
    handler.end_headers()


def _write(handler: BaseHTTPRequestHandler, data: bytes) -> bool:
    """Write and flush; False once the client has gone."""
    try:
        handler.wfile.write(data)
        handler.wfile.flush()
    except OSError:
        return False
    return True
