"""Edit content/site.yaml in place (keeping comments and layout): add a served language."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.files import write_atomic


def add_language(site_yaml: Path, code: str, policy: str) -> bool:
    """Append `- code: CODE / policy: POLICY` to the `languages:` list; False if it is listed already."""
    text = site_yaml.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    node = next(value for key, value in root.value if key.value == "languages")
    if any(k.value == "code" and v.value == code for item in node.value for k, v in item.value):
        return False
    last = node.value[-1]
    indent = " " * last.start_mark.column
    lines = text.splitlines(keepends=True)
    # end_mark of a block mapping points at the start of the line after its last value
    end = last.end_mark.line if last.end_mark.column == 0 else last.end_mark.line + 1
    while end > 0 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1  # stay above blank lines and the comment that introduces the next key
    entry = f"{indent[:-2]}- code: {code}\n{indent}policy: {policy}\n"
    lines.insert(end, entry)
    write_atomic(site_yaml, "".join(lines).encode("utf-8"))
    return True
