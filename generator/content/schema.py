"""A small declarative schema for YAML nodes that keeps line numbers and YAML 1.1 traps in view.

Validation works on the composed node tree (`yaml.compose` with the safe loader, libyaml's when installed), not on
loaded Python values, so that every error can name file, line and column, and so that a
value YAML 1.1 silently turned into a number or boolean is caught before it is converted.
The same walk yields the translatable German strings for the Babel extractor.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import yaml

from generator.content.problems import Problem

MAX_FILE_BYTES = 1024 * 1024
# libyaml's parser when PyYAML has it (same safe resolver and node marks): loading content/ takes
# 0.03 s instead of 0.28 s, which every `docgen case render` pays.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 24

_TAG = "tag:yaml.org,2002:"
_HINTS = {
    "int": "YAML reads unquoted digits as a number{octal}",
    "float": "YAML reads this as a decimal number",
    "bool": "YAML 1.1 reads unquoted yes/no/on/off/true/false as a yes-or-no value",
    "timestamp": "YAML reads this as a date",
    "null": "the value is empty",
}


def did_you_mean(value: str, options) -> str:
    """" Did you mean `x`?" for the closest allowed value, or "" when none is close."""
    close = difflib.get_close_matches(str(value), [str(o) for o in options], n=1, cutoff=0.6)
    return f" Did you mean `{close[0]}`?" if close else ""


class Record(dict):
    """A validated mapping that remembers where each of its keys stood (1-based line, column)."""

    def __init__(self, *args: Any, line: int = 0, column: int = 0, marks=None):
        super().__init__(*args)
        self.line = line
        self.column = column
        self.marks: dict[str, tuple[int, int]] = marks or {}

    def mark(self, key: str) -> tuple[int, int]:
        return self.marks.get(key, (self.line, self.column))


@dataclass(frozen=True)
class Reference:
    kind: str  # what the value must name: "category", "office"
    value: str
    line: int
    column: int
    fieldpath: str


@dataclass
class Walk:
    """The state of one file's walk: where we are, what went wrong, what is translatable."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    messages: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, field)
    # values that must name something defined elsewhere (a category, an office), checked by the
    # loader once every file is read, even when the record around them has other errors
    refs: list[Reference] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)

    def error(self, node: yaml.Node, fieldpath: str, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, fieldpath, message))


class Spec:
    """Base of all specs: `check` returns the Python value, or None after recording an error."""

    description = "a value"

    def check(self, node: yaml.Node, walk: Walk, fieldpath: str, depth: int) -> Any:
        raise NotImplementedError


def _scalar_kind(node: yaml.Node) -> str:
    return node.tag[len(_TAG):] if node.tag.startswith(_TAG) else node.tag


def _not_a_string(node: yaml.ScalarNode, what: str) -> str:
    kind = _scalar_kind(node)
    octal = ""
    if kind == "int" and re.fullmatch(r"0[0-7_]+", node.value):
        octal = f" and a leading zero as octal ({node.value} becomes {int(node.value.replace('_', ''), 8)})"
    elif kind == "int" and ":" in node.value:
        octal = f" in base 60 ({node.value} becomes {yaml.safe_load(node.value)})"
    hint = _HINTS.get(kind, f"YAML reads this as {kind}").replace("{octal}", octal)
    if kind == "null":
        return f"is empty, expected {what}."
    return f"expected {what}, got {node.value!r}: {hint}. Put it in quotes: \"{node.value}\"."


@dataclass
class Str(Spec):
    """A string. `translatable` strings are German source text that reaches the catalogs."""

    pattern: str | None = None
    choices: tuple[str, ...] | None = None
    translatable: bool = False
    max_length: int = 4000
    description: str = "a text"
    validator: Callable[[str], str | None] | None = None  # returns an error message or None
    ref: str | None = None  # the value names a defined thing of this kind (see Reference)
    hints: dict[str, str] | None = None  # wrong values people often write, and the right choice

    def check(self, node, walk, fieldpath, depth):
        if not isinstance(node, yaml.ScalarNode):
            walk.error(node, fieldpath, f"expected {self.description}, got a {_shape(node)}.")
            return None
        if _scalar_kind(node) != "str":
            walk.error(node, fieldpath, _not_a_string(node, self.description))
            return None
        value = node.value
        if not value.strip():
            walk.error(node, fieldpath, f"is empty, expected {self.description}.")
            return None
        if len(value) > self.max_length:
            walk.error(node, fieldpath, f"is {len(value)} characters long; at most {self.max_length} are allowed.")
            return None
        if self.choices is not None and value not in self.choices:
            hint = (self.hints or {}).get(value.lower())
            walk.error(node, fieldpath, f"{value!r} is not allowed; use one of: {', '.join(self.choices)}."
                       + (f" Did you mean `{hint}`?" if hint else did_you_mean(value, self.choices)))
            return None
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            walk.error(node, fieldpath, f"{value!r} is not {self.description}.")
            return None
        if self.validator is not None:
            message = self.validator(value)
            if message:
                walk.error(node, fieldpath, message)
                return None
        if self.ref is not None:
            walk.refs.append(Reference(self.ref, value, node.start_mark.line + 1, node.start_mark.column + 1, fieldpath))
        if self.translatable:
            walk.messages.append((node.start_mark.line + 1, value, fieldpath))
        return value


@dataclass
class Date(Spec):
    nullable: bool = False
    description: str = "a date written as YYYY-MM-DD, for example 2026-11-25"

    def check(self, node, walk, fieldpath, depth):
        if isinstance(node, yaml.ScalarNode) and _scalar_kind(node) == "null" and self.nullable:
            return None
        if not isinstance(node, yaml.ScalarNode) or _scalar_kind(node) not in ("timestamp", "str"):
            walk.error(node, fieldpath, f"expected {self.description}, got {_shown(node)}.")
            return None
        try:
            return dt.date.fromisoformat(node.value)
        except ValueError:
            walk.error(node, fieldpath, f"{node.value!r} is not a valid date; write YYYY-MM-DD, for example 2026-11-25.")
            return None


@dataclass
class Bool(Spec):
    description: str = "true or false"

    def check(self, node, walk, fieldpath, depth):
        if isinstance(node, yaml.ScalarNode) and _scalar_kind(node) == "bool" and node.value in ("true", "false"):
            return node.value == "true"
        walk.error(node, fieldpath, f"expected true or false (lower case), got {_shown(node)}.")
        return None


@dataclass
class Int(Spec):
    minimum: int = 0
    description: str = "a whole number"

    def check(self, node, walk, fieldpath, depth):
        if isinstance(node, yaml.ScalarNode) and _scalar_kind(node) == "int" and re.fullmatch(r"[0-9]+", node.value):
            value = int(node.value)
            if value >= self.minimum:
                return value
        walk.error(node, fieldpath, f"expected a whole number of at least {self.minimum}, got {_shown(node)}.")
        return None


@dataclass
class List(Spec):
    """A list; with `label_key`, entries are named in field paths by that key's value (offers[kamen-cafe])."""

    item: Spec
    min_items: int = 0
    unique: bool = False
    label_key: str | None = None

    @property
    def description(self) -> str:
        return f"a list of {self.item.description}"

    def check(self, node, walk, fieldpath, depth):
        if not isinstance(node, yaml.SequenceNode):
            walk.error(node, fieldpath, f"expected a list (lines starting with '- ' or [a, b]), got {_shown(node)}.")
            return None
        if not _enter(node, walk, fieldpath, depth):
            return None
        if len(node.value) < self.min_items:
            walk.error(node, fieldpath, f"needs at least {self.min_items} entries, has {len(node.value)}.")
        values = []
        for index, child in enumerate(node.value):
            value = self.item.check(child, walk, f"{fieldpath}[{self._label(child, index)}]", depth + 1)
            if value is None:
                continue
            if self.unique and value in values:
                walk.error(child, f"{fieldpath}[{index}]", f"{value!r} is listed twice.")
                continue
            values.append(value)
        return values

    def _label(self, child: yaml.Node, index: int) -> str:
        """The entry's id when it has a plain one, else its position: a reader finds an id, not a count."""
        if self.label_key and isinstance(child, yaml.MappingNode):
            for key_node, value_node in child.value:
                if (isinstance(key_node, yaml.ScalarNode) and key_node.value == self.label_key
                        and isinstance(value_node, yaml.ScalarNode) and re.fullmatch(r"[A-Za-z0-9_-]+", value_node.value)):
                    return value_node.value
        return str(index)


@dataclass
class Field:
    spec: Spec
    required: bool = True
    nullable: bool = False


@dataclass
class Map(Spec):
    """A mapping with known keys; `one_of` names keys of which exactly one must be present."""

    fields: dict[str, Field]
    one_of: tuple[str, ...] = ()
    description: str = "a group of settings (key: value lines)"

    def check(self, node, walk, fieldpath, depth):
        record = _new_record(node, walk, fieldpath, depth, self.description)
        if record is None:
            return None
        ok = True
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            keypath = f"{fieldpath}.{key}" if fieldpath else str(key)
            if key not in self.fields:
                allowed = ", ".join(self.fields)
                walk.error(key_node, keypath, f"unknown key {key!r}. Allowed here: {allowed}."
                           + (did_you_mean(key, self.fields) or " Check the spelling."))
                ok = False
                continue
            if key in record.marks:
                walk.error(key_node, keypath, f"the key {key!r} appears twice; keep one.")
                ok = False
                continue
            record.marks[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            spec = self.fields[key]
            if spec.nullable and isinstance(value_node, yaml.ScalarNode) and _scalar_kind(value_node) == "null":
                record[key] = None
                continue
            value = spec.spec.check(value_node, walk, keypath, depth + 1)
            if value is None:
                ok = False
            record[key] = value
        for key, spec in self.fields.items():
            if spec.required and key not in record.marks:
                walk.error(node, fieldpath or "(top level)", f"the key {key!r} is missing; it is required here.")
                ok = False
        if self.one_of:
            present = [k for k in self.one_of if k in record.marks]
            if len(present) != 1:
                walk.error(node, fieldpath, f"needs exactly one of: {', '.join(self.one_of)} (found {len(present)}).")
                ok = False
        for key in self.fields:
            record.setdefault(key, None)
        return record if ok else None


@dataclass
class MapOf(Spec):
    """A mapping from free ids to values of one spec (such as offices by id)."""

    key: Str
    value: Spec
    description: str = "a group of entries by id"

    def check(self, node, walk, fieldpath, depth):
        record = _new_record(node, walk, fieldpath, depth, self.description)
        if record is None:
            return None
        for key_node, value_node in node.value:
            key = self.key.check(key_node, walk, fieldpath + ".(key)", depth + 1)
            if key is None:
                continue
            if key in record:
                walk.error(key_node, f"{fieldpath}.{key}", f"the key {key!r} appears twice; keep one.")
                continue
            record.marks[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            record[key] = self.value.check(value_node, walk, f"{fieldpath}.{key}", depth + 1)
        return record


def _new_record(node: yaml.Node, walk: Walk, fieldpath: str, depth: int, description: str) -> Record | None:
    """An empty Record for a mapping node, or None (error recorded) when the node is no mapping."""
    if not isinstance(node, yaml.MappingNode):
        walk.error(node, fieldpath, f"expected {description}, got {_shown(node)}.")
        return None
    if not _enter(node, walk, fieldpath, depth):
        return None
    return Record(line=node.start_mark.line + 1, column=node.start_mark.column + 1)


def _enter(node: yaml.Node, walk: Walk, fieldpath: str, depth: int) -> bool:
    if id(node) in walk.seen:
        walk.error(node, fieldpath, "anchors and aliases (& and *) are not supported; write the value out.")
        return False
    walk.seen.add(id(node))
    if depth > MAX_DEPTH:
        walk.error(node, fieldpath, f"nested more than {MAX_DEPTH} levels deep.")
        return False
    return True


def _shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "group of key: value lines"
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"


def _shown(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return "an empty value" if _scalar_kind(node) == "null" else repr(node.value)
    return f"a {_shape(node)}"


def _colon_in_value(text: str, mark) -> bool:
    """Whether the line already has a `key: ` before the place YAML complains about: then the
    second ': ' is inside a text value, not a badly indented key."""
    lines = text.splitlines()
    before = lines[mark.line][:mark.column] if mark.line < len(lines) else ""
    return re.search(r"^\s*(- )?[^\s:#][^:]*:\s+\S", before) is not None


def compose(text: str, path: str, walk: Walk) -> yaml.Node | None:
    """Parse YAML text into nodes, turning syntax errors into a located problem."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        walk.problems.append(Problem(path, 0, 0, "", f"the file is larger than {MAX_FILE_BYTES // 1024} KiB; split it."))
        return None
    try:
        return yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "invalid YAML"
        hint = "Check the indentation (spaces, not tabs) of this line and the lines above, and that every ':' is followed by a space."
        if "mapping values are not allowed" in what and mark and _colon_in_value(text, mark):
            hint = ("A text that contains ': ' (colon and space) must be put in quotes, for example "
                    "description: \"Sprechzeit: montags\".")
        elif "mapping values are not allowed" in what:
            hint += " A text that contains ': ' must be put in quotes."
        walk.problems.append(Problem(path, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, "", f"YAML syntax error: {what}. {hint}"))
    except yaml.YAMLError as exc:
        walk.problems.append(Problem(path, 0, 0, "", f"YAML error: {exc}"))
    return None


def validate(text: str, path: str, spec: Spec) -> tuple[Any, Walk]:
    """Parse and validate one file's text. Returns (value or None, the walk with problems and messages)."""
    walk = Walk(path)
    node = compose(text, path, walk)
    if node is None:
        if not walk.problems:
            walk.problems.append(Problem(path, 0, 0, "", "the file is empty."))
        return None, walk
    return spec.check(node, walk, "", 0), walk
