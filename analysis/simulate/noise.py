"""The kinds of noise real files carry, each switchable and drawn at its own rate.

Noise is decided per report (`draw`), then applied: figures and cells while the report is laid out
(blanks, inconsistent totals), text while it is written (spam, pinyin, full-width digits), bytes
when it is saved (GBK). Spam words come from the package's spam lexicon (analysis/vocab/spam.txt).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, fields

from analysis import vocab

KINDS = ("spam", "gbk", "fullwidth", "blanks", "inconsistent", "missing", "bad")


@dataclass
class Noise:
    """Rates (0..1) per report; `bad` is the share of extra broken files (empty, binary, truncated)."""

    spam: float = 0.15
    gbk: float = 0.15
    fullwidth: float = 0.1
    blanks: float = 0.25
    inconsistent: float = 0.1
    missing: float = 0.04
    bad: float = 0.01

    @classmethod
    def none(cls) -> Noise:
        return cls(**{k: 0.0 for k in KINDS})

    def describe(self) -> str:
        return ", ".join(f"{f.name}={getattr(self, f.name):g}" for f in fields(self))


@dataclass
class Drawn:
    """What noise one report gets."""

    spam: str = ""  # '' | mid | title | pinyin | hidden
    gbk: bool = False
    fullwidth: bool = False
    blanks: str = ""  # '' | blank | wu | dash : how a zero is printed
    inconsistent: bool = False
    names: list[str] = field(default_factory=list)


def draw(noise: Noise, rng: random.Random, form: str) -> Drawn:
    """Decide one report's noise. Spam and encodings belong to web copies, not to PDFs."""
    d = Drawn()
    web = form != "pdf"
    if web and rng.random() < noise.spam:
        d.spam = rng.choice(["mid", "title", "pinyin"] + (["hidden"] if form == "html" else []))
    d.gbk = web and rng.random() < noise.gbk
    d.fullwidth = web and rng.random() < noise.fullwidth
    if rng.random() < noise.blanks:
        d.blanks = rng.choice(["blank", "blank", "wu", "dash"])
    d.inconsistent = rng.random() < noise.inconsistent
    d.names = [k for k, v in (("spam", d.spam), ("gbk", d.gbk), ("fullwidth", d.fullwidth),
                              ("blanks", d.blanks), ("inconsistent", d.inconsistent)) if v]
    return d


# ---- text transforms -------------------------------------------------------------------------

PINYIN = {"政": "zheng", "府": "fu", "信": "xin", "息": "xi", "公": "gong", "开": "kai",
          "工": "gong", "作": "zuo", "年": "nian", "度": "du", "报": "bao", "告": "gao"}
_FULL = str.maketrans("0123456789.,%()", "０１２３４５６７８９．，％（）")
SITE_SENTENCE = "{ref}的政府信息均在示例市人民政府门户网站(www.example.gov.cn)同步公布。"


def fullwidth(text: str) -> str:
    """Digits and some punctuation to full-width (NFKC folds them back)."""
    return text.translate(_FULL)


def _spam_words(rng: random.Random, k: int) -> list[str]:
    words = [w for w in vocab.spam_words() if w.isascii() is False]
    return rng.sample(words, k)


def spam_title(rng: random.Random) -> str:
    """A keyword-stuffed line like the ones injected above copied pages."""
    return " ".join(_spam_words(rng, 5)) + " 最新开奖"


def spam_mid(sentence: str, rng: random.Random) -> str:
    """Spam site names swapped in before 门户网站, as in the seed (…在英皇娱乐,英皇国际娱乐网站…)."""
    a, b = _spam_words(rng, 2)
    return sentence.replace("门户网站", f"{a},{b}门户网站", 1)


def pinyin(sentence: str) -> str:
    """公(gong)开(kai): pinyin interleaved after common characters."""
    return "".join(c + (f"({PINYIN[c]})" if c in PINYIN else "") for c in sentence)


def hidden_block(rng: random.Random) -> str:
    return f'<div style="display:none">{" ".join(_spam_words(rng, 4))}</div>'
