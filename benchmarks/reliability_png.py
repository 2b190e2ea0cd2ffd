"""A reliability diagram written as PNG with zlib and struct only (no plotting library)."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from pathlib import Path

SIZE = 400
MARGIN = 40
Pixel = tuple[int, int, int]


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC."""
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def _encode(pixels: list[list[Pixel]]) -> bytes:
    """Encode RGB rows as a PNG file."""
    height, width = len(pixels), len(pixels[0])
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def draw_reliability(
    bins: Sequence[tuple[float, float, int]], path: Path, size: int = SIZE
) -> None:
    """Draw bars of observed frequency per confidence bin against the diagonal.

    ``bins`` holds (mean confidence, observed rate, count) per equal-width bin; empty
    bins have count 0. Bars are blue, the ideal diagonal grey, the axes black.
    """
    white, black, grey, blue = (255, 255, 255), (0, 0, 0), (170, 170, 170), (60, 110, 200)
    pixels = [[white] * size for _ in range(size)]
    plot = size - 2 * MARGIN

    def put(x: float, y: float, colour: Pixel) -> None:
        """Set the pixel at plot coordinates x, y in [0, 1] (y upwards)."""
        px = MARGIN + round(x * plot)
        py = size - MARGIN - round(y * plot)
        if 0 <= px < size and 0 <= py < size:
            pixels[py][px] = colour

    width = len(bins)
    for k, (_, rate, count) in enumerate(bins):
        if not count:
            continue
        for i in range(round(k * plot / width) + 2, round((k + 1) * plot / width) - 1):
            for j in range(round(rate * plot) + 1):
                put(i / plot, j / plot, blue)
    for i in range(plot + 1):
        put(i / plot, i / plot, grey)
        put(i / plot, 0, black)
        put(0, i / plot, black)
    for k in range(11):  # ticks every 0.1 on both axes
        for d in range(1, 6):
            put(k / 10, -d / plot, black)
            put(-d / plot, k / 10, black)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_encode(pixels))
