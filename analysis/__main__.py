"""`python -m analysis …` is `xxgk …`."""

from analysis.cli import entry

entry()
