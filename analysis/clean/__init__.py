"""Cleaning: normalisation, digits a PDF tool printed below their line, page chrome, injected SEO spam.
`clean_text` applies all four."""

from __future__ import annotations

from analysis.clean.chrome import drop_chrome
from analysis.clean.digits import restore_digits
from analysis.clean.normalise import normalise, unspaced
from analysis.clean.spam import remove_spam
from analysis.model import Flag

__all__ = ["clean_text", "normalise", "unspaced", "drop_chrome", "remove_spam"]


def clean_text(text: str) -> tuple[str, list[Flag]]:
    """Normalise, put digits back in their lines, then drop chrome and spam. Returns the cleaned text
    and a flag per removal kind."""
    text = restore_digits(normalise(text))
    text, notes = drop_chrome(text)
    text, spam = remove_spam(text)
    return text, notes + spam
