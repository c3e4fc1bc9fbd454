"""Reading PDFs back the way a person and a PDF tool would: text, fonts, metadata, form fields."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(path: Path) -> dict[str, bool]:
    """Base font names of every font used on any page, with whether the font program is embedded."""
    fonts: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = embedded
    return fonts


def pdf_meta(path: Path) -> dict:
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    return {"title": reader.metadata.title, "lang": str(root.get("/Lang", "")), "pages": len(reader.pages),
            "created": reader.metadata.get("/CreationDate")}


def form_fields(path: Path) -> dict:
    return PdfReader(path).get_fields() or {}
