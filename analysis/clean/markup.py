"""Markdown's inline markup, taken off the text of a Markdown file before it is read: converters
wrap a cell's number in it (`**12**` from pymupdf4llm's bold, `[12]{style="…"}` from Pandoc's
spans of a styled Word or HTML cell, `[首页](/)` links of a page's menu), and a number inside
markup is not a number to the table reader."""

from __future__ import annotations

import itertools
import re

_RULES = (
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), ""),  # an image: ![alt](src)
    (re.compile(r"\[([^\[\]\n]*)\]\([^)\n]*\)"), r"\1"),  # a link: [text](url)
    (re.compile(r"\[([^\[\]\n]*)\]\{[^{}\n]*\}"), r"\1"),  # a Pandoc span: [text]{style=…}
    (re.compile(r"\*\*([^*\n]+)\*\*"), r"\1"),  # bold
    (re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])"), r"\1"),  # italic
    # a Markdown escape (\* \[ \.), not \| (a pipe inside a table cell: it must not split it)
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>~^$'\"])"), r"\1"),
)
_SIGNS = ("](", "]{", "*", "\\", "---")


def strip_inline(text: str) -> str:
    """`text` without images, link targets, Pandoc span attributes, bold and italic marks and
    backslash escapes; the words they wrap are kept, and Pandoc's `---` is an em dash again.

    >>> strip_inline('| [主动公开信息数]{style="FONT-SIZE: 16pt"} | **2026** | [首页](/) |')
    '| 主动公开信息数 | 2026 | 首页 |'
    """
    if not any(s in text for s in _SIGNS):
        return text
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return _dashes(_literal_pipes(text))


_TRIPLE = re.compile(r"(?<![^\s|])---(?![^\s|])")
_WORDS = re.compile(r"[^\s|\-+:=]")


def _dashes(text: str) -> str:
    """Pandoc writes an em dash (—, a blank or 不适用 cell's mark) as `---`: a `---` standing
    alone in a line that holds anything else is the dash again. A line of dashes alone (a rule,
    a table's separator) stays."""
    if "---" not in text:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "---" in line and _WORDS.search(line):
            lines[i] = _TRIPLE.sub("—", line)
    return "\n".join(lines)


def _literal_pipes(text: str) -> str:
    """A line whose every pipe is escaped (Pandoc writing a text's own `a |` or `| a | b |` lines,
    which are no Markdown table) gets its pipes back; in a table row, `\\|` is a pipe inside a
    cell and stays."""
    if "\\|" not in text:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if "\\|" in line and "|" not in line.replace("\\|", ""):
            lines[i] = line.replace("\\|", "|")
    return "\n".join(lines)


def single_spaced(text: str, least: int = 10, share: float = 0.9) -> tuple[str, int]:
    """A text with one blank line after every line (a Word file's paragraphs written out as
    Markdown, a page copied with its spacing) without those blank lines: a table printed a row
    a paragraph is then a table again. Returns (text, 1) when it was so, else (text, 0); every
    gap loses one blank line (a gap of two keeps one). Only when at least `least` gaps are there and
    `share` of them are of one blank line, and almost none is of no blank line."""
    lines = text.split("\n")
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    pairs = list(itertools.pairwise(filled))
    gaps = [b - a - 1 for a, b in pairs]
    if len(gaps) < least or sum(g == 1 for g in gaps) < share * len(gaps) \
            or sum(g == 0 for g in gaps) > 0.05 * len(gaps):
        return text, 0
    keep = set(filled) | {i for a, b in pairs for i in range(a + 2, b)}
    head = list(range(filled[0])) if filled else []
    return "\n".join(lines[i] for i in sorted(keep | set(head))), 1
