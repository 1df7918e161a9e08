"""Injected SEO spam: keyword-stuffed lines, spam words swapped into sentences, pinyin interleaving.

The lexicon is data (vocab/spam.txt). Every removal is flagged with the text removed, so a reader can
check that nothing of the report went with it.
"""

from __future__ import annotations

import functools
import re

from analysis import vocab
from analysis.model import Flag

# 公(gong)开(kai): a CJK character followed by a bracketed lowercase syllable, twice or more in a line
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\(([a-z]{1,6})\)")
_SEP = "[,、;:|\\s]*"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _spam_regex() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in vocab.spam_words())
    # a run of spam words joined by separators, e.g. "英皇娱乐,英皇国际娱乐"
    return re.compile(f"(?:{words})(?:{_SEP}(?:{words}))*", re.IGNORECASE)


_SPAM: re.Pattern[str] | None = None


def _spam() -> re.Pattern[str]:
    global _SPAM
    if _SPAM is None:
        _SPAM = _spam_regex()
    return _SPAM


def has_spam(text: str) -> bool:
    """Whether the text holds a word of the spam lexicon."""
    return bool(_spam().search(text))


def _is_stuffed(line: str, hits: list[str]) -> bool:
    """A line that is mostly spam: two or more spam runs, or little text left once they go."""
    rest = _spam().sub("", line)
    rest_cjk = len(_CJK.findall(rest))
    return len(hits) >= 3 or rest_cjk < 6 or (len(hits) >= 2 and rest_cjk < 20)


def _clean_line(line: str, removed: list[str]) -> str | None:
    """The line without its spam (None: the whole line was spam); what went is added to
    `removed`. Lines up to CACHED characters are scanned once per process (`_scan`)."""
    kept, cut = _scan(line) if len(line) <= CACHED else _scan.__wrapped__(line)
    removed.extend(cut)
    return kept


CACHED = 512  # characters


@functools.lru_cache(maxsize=1 << 16)
def _scan(line: str) -> tuple[str | None, tuple[str, ...]]:
    """(the line as kept or None, the pieces removed): a pure function of the line, kept per
    process since most lines recur report after report."""
    removed: list[str] = []
    return _cut(line, removed), tuple(removed)


def _cut(line: str, removed: list[str]) -> str | None:
    if len(_PINYIN.findall(line)) >= 2:
        removed.append("".join(f"({m})" for m in _PINYIN.findall(line))[:80])
        line = _PINYIN.sub("", line)
    hits = [m.group(0) for m in _spam().finditer(line)]
    if not hits:
        return line
    if _is_stuffed(line, hits):
        removed.append(line)
        return None
    removed.extend(hits)
    return _spam().sub("", line)


def remove_spam(text: str) -> tuple[str, list[Flag]]:
    """Cut spam out of `text`; sentences around a swapped-in phrase are kept.

    >>> remove_spam("全部在英皇娱乐,英皇国际娱乐网站(www.x.gov.cn)进行公布。")[0]
    '全部在网站(www.x.gov.cn)进行公布。'
    """
    removed: list[str] = []
    out = []
    for line in text.split("\n"):
        cleaned = _clean_line(line, removed)
        out.append("" if cleaned is None else cleaned)  # blank, so line numbers stay
    flags = []
    if removed:
        flags.append(Flag("spam_removed", f"removed {len(removed)} piece(s) of injected spam",
                          severity="info", found=" / ".join(removed)[:500]))
    return "\n".join(out), flags
