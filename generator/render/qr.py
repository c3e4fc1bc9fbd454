"""QR codes as inline SVG data URIs (segno), so printed pages link to the same page online."""

from __future__ import annotations

import functools

import segno


@functools.lru_cache(maxsize=512)  # the same page is linked from many documents
def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#000", nl=False)
