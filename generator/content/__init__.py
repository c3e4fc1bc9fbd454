"""Content: YAML files in content/ turned into a validated, typed model."""

from generator.content.loader import load_site
from generator.content.problems import ContentError, Problem

__all__ = ["ContentError", "Problem", "load_site"]
