"""Rendering: Jinja2 templates to HTML strings, WeasyPrint HTML to PDF bytes. Nothing here writes files."""
