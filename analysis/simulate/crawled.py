"""A report as a site crawler saved it (`*.page.txt`): a header block, then the whole page on one or
a few very long lines.

Shaped on real crawled pages: `标题: / 发布时间: / 文号: / 发布机构: / 栏目: / 原文链接: / 本地目录:` and a
`=== 正文 ===` line; the body often opens with a breadcrumb and the site's buttons (`当前位置：首页 >
政务公开 > … 全真版 文字版 文件下载`), runs headings into their paragraphs (`一、总体情况2021年，…`),
keeps the tables on the same line (cells joined, spaced, or one per line when the crawler kept
them), and ends with `附件下载` or the like. Punctuation is the full-width kind pages use.
"""

from __future__ import annotations

import random

from analysis.simulate import noise as nz
from analysis.simulate.doc import SimDoc, SimTable
from analysis.simulate.flatten import cjk_punct, table_text
from analysis.simulate.writers import prose, table_lines_plain

SITE = "www.example.gov.cn"
COLUMN = "zwgk/zfxxgk/zfxxgknb"
CRUMBS = [("首页", "政务公开", "政府信息公开", "政府信息公开年报"),
          ("首页", "信息公开", "法定主动公开内容", "政府信息公开年报"),
          ("首页", "政务公开", "年度报告")]
BUTTONS = ["微信 微博 QQ空间 全真版 文字版 文件下载 相关链接： -->", "全真版 文字版 文件下载",
           "【字体：大 中 小】 【打印】", "分享到： 微信 微博"]
ENDINGS = ["附件下载", "附件下载：", "【打印本页】 【关闭窗口】", "相关附件：", ""]


def header(doc: SimDoc, rng: random.Random) -> tuple[list[str], str]:
    """The crawler's header block and the publication time it states."""
    y, m, d = doc.year + 1, rng.randint(1, 3), rng.randint(5, 28)
    when = f"{y}-{m:02d}-{d:02d} " + (f"{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"
                                      if rng.random() < 0.7 else "00:00")
    n = rng.randint(10000, 99999)
    lines = [f"标题: {doc.title}", f"发布时间: {when}", "文号: ",
             f"发布机构: {doc.agency if rng.random() < 0.5 else ''}", "栏目: 政府信息公开年报",
             f"原文链接: https://{SITE}/{COLUMN}/{y}{m:02d}/t{y}{m:02d}{d:02d}_{n}.htm",
             f"本地目录: {COLUMN}/{y}{m:02d}/{n}_{doc.title}", "页面链接与图片见 links.tsv(同目录)",
             "=" * 20 + " 正文 " + "=" * 20]
    return lines, when


def breadcrumb(doc: SimDoc, when: str, rng: random.Random) -> str:
    """当前位置 + the path + the title + 来源/时间 + buttons, as the page's first words."""
    crumbs = rng.choice(CRUMBS)
    path = rng.choice(["", " > ", ">", " » "]).join(crumbs)
    parts = [f"当前位置：{rng.choice(['', ' '])}{path}", doc.title]
    if rng.random() < 0.7:
        parts.append(f"来源：{doc.agency} 时间：{when}")
    parts.append(rng.choice(BUTTONS))
    return " ".join(parts)


def _pieces(doc: SimDoc, drawn: nz.Drawn, rng: random.Random, rx: random.Random) -> list[str]:
    """Paragraphs and tables as text pieces; a table kept line by line becomes several pieces."""
    out: list[str] = []
    for x in prose(doc, drawn, rng):
        if isinstance(x, SimTable):
            if drawn.cells:
                out.append(cjk_punct(table_text(x, drawn.cells, rx)))
            else:
                out += ["\n" + line for line in table_lines_plain(x, doc.template)] + ["\n"]
        else:
            out.append(cjk_punct(x))
    return out


def _join(pieces: list[str], rng: random.Random) -> str:
    """Pieces on one line (headings run into their text), broken into a few lines now and then."""
    breaks = set(rng.sample(range(1, len(pieces)), min(len(pieces) - 1, rng.choice([0, 0, 1, 2]))))
    out = [pieces[0]]
    for i, p in enumerate(pieces[1:], start=1):
        if p.startswith("\n") or out[-1].endswith("\n"):
            out.append(p)
        else:
            out.append(("\n" if i in breaks else rng.choice(["", "", " "])) + p)
    return "".join(out).replace("\n\n", "\n")


def to_page(doc: SimDoc, drawn: nz.Drawn, rng: random.Random, rx: random.Random) -> str:
    """The crawled page's text."""
    head, when = header(doc, rx)
    pieces = _pieces(doc, drawn, rng, rx)
    if rx.random() < 0.5:
        pieces[0] = breadcrumb(doc, when, rx) + " " + pieces[0]
    ending = rx.choice(ENDINGS)
    body = _join(pieces, rx) + (" " + ending if ending else "")
    body = nz.fullwidth(body) if drawn.fullwidth else body
    return "\n".join(head) + "\n" + body.strip("\n") + "\n"
