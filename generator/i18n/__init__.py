"""Internationalisation: catalogs and review states, translation at render time, locale formatting."""
