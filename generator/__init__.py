"""unna-docs: multilingual flyers and official documents for Kreis Unna."""

__version__ = "0.1.0"
