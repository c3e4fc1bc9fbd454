"""Babel extractor for the YAML content, registered as the `babel.extractors` entry point `unna_content`.

`pybabel extract -F babel.cfg` calls it for every content file; it yields the German strings
that the file's schema marks translatable, with their real line numbers. Organisation names,
addresses and legal bases are not translatable and are not extracted.
"""

from __future__ import annotations

from generator.content.schema import validate
from generator.content.specs import spec_for


def extract_content(fileobj, keywords, comment_tags, options):
    """Yield (lineno, funcname, message, comments) for each translatable string of a content file."""
    name = getattr(fileobj, "name", "") or options.get("schema", "")
    spec = spec_for(options.get("schema") or name)
    if spec is None:
        return
    text = fileobj.read()
    if isinstance(text, bytes):
        text = text.decode(options.get("encoding", "utf-8"))
    _, walk = validate(text, str(name), spec)
    for line, message, fieldpath in walk.messages:
        yield line, None, message, [f"field: {fieldpath}"] if fieldpath else []
