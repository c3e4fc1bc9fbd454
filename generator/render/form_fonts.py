"""One font per fillable form field that covers Latin and the document language's script.

A PDF form field names a single font for what a person types. Noto Sans has no Arabic or Ethiopic
letters and the script fonts have no Latin ones, so a name typed in the other script was dropped
(poppler: "couldn't find a font for U+0645"). For languages with their own script font this
merges Noto Sans' Latin letters and punctuation into that font with fontTools, once per machine
(a cache in the temp folder, keyed by the source font files), and render_pdf points the fields at
it. WeasyPrint embeds a field's font whole, so the merged font (about 180 KiB for Naskh) also
keeps form PDFs smaller than the whole Noto Sans did.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import tempfile
from pathlib import Path

from generator.files import write_atomic
from generator.render import fonts

FAMILY = "unna-docs Form"  # + the script font's family: one family per merged font in a process
# Latin letters (Basic Latin to Latin Extended-B) and general punctuation, e.g. "Müller-Şahin, 12.3."
_LATIN = list(range(0x20, 0x250)) + list(range(0x2000, 0x2070)) + [0x20AC]


def _sources(code: str) -> tuple[str, str] | None:
    """(Latin font file, script font file) for a language with its own script font, else None."""
    script = fonts.SCRIPT_FONTS.get(code)
    if not script:
        return None
    latin, own = fonts.find_font(fonts.LATIN[0]), fonts.find_font(script[0])
    if latin is None or own is None or own.path.lower().endswith((".ttc", ".otc")):
        return None
    return latin.path, own.path


def family(code: str) -> str:
    """The CSS family name of the field font of language `code`."""
    return f"{FAMILY} {fonts.SCRIPT_FONTS[code][0]}"


def _merged(latin_path: str, script_path: str, name: str) -> bytes:
    from fontTools import subset
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.hinting = False
    parts = []
    for path, keep in ((latin_path, lambda u: u in set(_LATIN)), (script_path, lambda u: u >= 0x250)):
        font = TTFont(path)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[u for u in font.getBestCmap() if keep(u)])
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.save(buffer)
        parts.append(buffer)
    with tempfile.TemporaryDirectory() as tmp:  # Merger reads files
        files = []
        for n, buffer in enumerate(parts):
            files.append(os.path.join(tmp, f"{n}.ttf"))
            Path(files[-1]).write_bytes(buffer.getvalue())
        merged = Merger().merge(files)
    for record in merged["name"].names:
        if record.nameID in (1, 16):
            record.string = name
        elif record.nameID == 4:
            record.string = f"{name} Regular"
        elif record.nameID == 6:
            record.string = name.replace(" ", "") + "-Regular"
    merged.recalcTimestamp = False  # the same sources give the same bytes (reproducible PDFs)
    out = io.BytesIO()
    merged.save(out)
    return out.getvalue()


@functools.lru_cache(maxsize=None)
def form_font(code: str) -> Path | None:
    """The merged field font for language `code` (made on first use), or None where Noto Sans
    alone covers the language (Latin, Cyrillic) or a source font is missing."""
    sources = _sources(code)
    if sources is None:
        return None
    key = hashlib.sha256(family(code).encode())
    for path in sources:
        stat = os.stat(path)
        key.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    target = Path(tempfile.gettempdir()) / f"unna-docs-fonts-{os.getuid()}" / f"form-{key.hexdigest()[:20]}.ttf"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, _merged(*sources, family(code)))
    return target
