"""The project's PNG encoder for frames sent to the browser (about 3x as fast as Pillow's)."""

from __future__ import annotations

import struct
import zlib

import numpy as np

PNG_COMPRESS_LEVEL = 1  # zlib level for frames sent to the browser (matplotlib uses 6)

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (struct.pack(">I", len(payload)) + kind + payload
            + struct.pack(">I", zlib.crc32(kind + payload)))


def encode_png(data: np.ndarray) -> bytes:
    """An (h, w, 4) uint8 RGBA image as PNG bytes: no row filters, zlib at PNG_COMPRESS_LEVEL.

    Pillow tries all five PNG row filters on every row, which costs more than the zlib
    compression itself. Frames are mostly flat colour or unchanged (zero) pixels, which
    compress about as well without a filter.
    """
    height, width = data.shape[:2]
    rows = np.empty((height, 1 + 4 * width), np.uint8)
    rows[:, 0] = 0  # each row: filter type 0 (none), then its RGBA bytes
    rows[:, 1:] = data.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits per channel, RGBA
    return b"".join((_SIGNATURE, _png_chunk(b"IHDR", header),
                     _png_chunk(b"IDAT", zlib.compress(rows, PNG_COMPRESS_LEVEL)),
                     _png_chunk(b"IEND", b"")))
