"""A checked Case as a filled document: the person's copy (bilingual, PDF/UA-1) or the file copy
(German, PDF/A-3a), rendered from HTML in memory. Nothing is written anywhere.

The file copy is PDF/A-3a: archivable (PDF/A) and tagged (level a), which WeasyPrint 70 supports;
PDF/A and PDF/UA cannot be combined in one WeasyPrint render, and the record copy must be
archivable first. The person's copy keeps the website's PDF/UA-1.

PDF metadata comes from the page head (document title, municipality, language, the case date):
no name, birth date or file number reaches it.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from generator.cases.fields import DATE_ALIASES, GUARDIAN_NAME, GUARDIAN_SIGNATURE, OUTCOMES, SIGNERS
from generator.cases.validate import Case
from generator.content.model import Site
from generator.i18n.formatting import short_date
from generator.i18n.translator import Translator
from generator.render.document import render_document
from generator.render.environment import make_environment

COPIES = {"person": "pdf/ua-1", "file": "pdf/a-3a"}
STYLESHEET = "counter/filled.css"  # relative to templates/, after the shared style.css
_ISOLATE = "\u2068{}\u2069"  # first-strong isolate: a Latin name inside Arabic text stays whole


class Renderer:
    """Translators and Jinja environments per language, loaded once (the counter app keeps one)."""

    def __init__(self, site: Site, root: Path):
        self.site, self.root = site, Path(root)

    @functools.lru_cache(maxsize=32)
    def translator(self, code: str) -> Translator:
        return Translator.load(self.site.language(code), self.root / "locales")

    @functools.lru_cache(maxsize=32)
    def environment(self, code: str):
        return make_environment(self.translator(code), self.root / "templates")

    def html(self, case: Case, copy: str = "person") -> str:
        code = "de" if copy == "file" else case.language
        t = self.translator(code)
        values = case_values(self.site, case, t)
        document = self.site.documents[case.document]
        html = render_document(self.environment(code), t, self.site.for_print(case.language), document, case.municipality,
                               case.date, print_=True, values=values).html
        return html.replace("</head>", f'<link rel="stylesheet" href="{STYLESHEET}">\n</head>', 1)

    def pdf(self, case: Case, copy: str = "person") -> bytes:
        from generator.render.pdf import render_pdf  # imports WeasyPrint: only when rendering

        return render_pdf(self.html(case, copy), self.root / "templates", forms=False, variant=COPIES[copy])


def _text(value: str) -> dict:
    """Text staff typed (German): the same in both halves, marked German."""
    return {"de": value, "tr": value, "lang": "de"}


def _name(latin: str, native: str | None) -> dict:
    """A name in its own script plus the Latin spelling: Latin first in German, own script first in the translation."""
    if not native:
        return {"de": latin, "tr": _ISOLATE.format(latin), "lang": None}
    return {"de": f"{latin} ({_ISOLATE.format(native)})", "tr": f"{_ISOLATE.format(native)} ({_ISOLATE.format(latin)})",
            "lang": None}


def _date(day: dt.date, code: str) -> dict:
    return {"de": day.strftime("%d.%m.%Y"), "tr": short_date(day, code), "lang": None}


MINOR_BOX = "person_minor"  # the documents' own tick box "Die Person ist minderjährig"


def case_values(site: Site, case: Case, t: Translator) -> dict:
    """The `values` mapping the document renderer prints into the fields of one document."""
    code = t.language.code
    document = site.documents[case.document]
    values: dict = {}
    for name, value in case.values.items():
        if name.endswith("_native"):
            continue
        if isinstance(value, dt.date):
            values[name] = _date(value, code)
        elif name in ("person_name", "guardian_name"):
            values[name] = _name(value, case.values.get(f"{name}_native"))
        else:
            values[name] = _text(value)
    for alias in DATE_ALIASES:
        values[alias] = _date(case.date, code)
    # Under each signature line: who signs, where and when (printed; the signature itself is by hand).
    where_when = f"{site.municipalities[case.municipality].name}, {case.date.strftime('%d.%m.%Y')}"
    for signature, signer in SIGNERS.items():
        if signer in values:
            values[signature] = {"de": f"{values[signer]['de']} – {where_when}"}
    values.update({name: True for name in case.ticked})
    if case.minor:
        minor_blocks = [b for s in document.sections for b in s.blocks if MINOR_BOX in b.if_checked]
        if minor_blocks:  # the document has its own guardian block (consent form, power of attorney)
            values[MINOR_BOX] = True
            values["guardian_names"] = values["guardian_name"]
        else:
            values["extra_signatures"] = [("field", "guardian_name", GUARDIAN_NAME),
                                          ("signature", "sig_guardian", GUARDIAN_SIGNATURE)]
    if document.rules:
        values["rules"] = {
            rule_id: ({"de": OUTCOMES[outcome], "tr": None if t.is_source else t.translate(OUTCOMES[outcome])},
                      _text(note) if note else None)
            for rule_id, (outcome, note) in case.rules.items()}
    return values
