"""Print a SimDoc as a scraped government web page: site chrome around the article, tables with
rowspan/colspan as the templates print them, &nbsp; in empty cells.

(Not named html.py: a module of that name breaks nbconvert's imports.)
"""

from __future__ import annotations

import html as _html
import random

from analysis.simulate import noise as nz
from analysis.simulate.doc import SimDoc, SimTable
from analysis.simulate.spans import spans
from analysis.simulate.writers import prose

HEAD = ('<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>{title}</title></head>\n'
        '<body>\n<div class="nav-menu"><a href="/">首页</a> <a href="/zwgk">政务公开</a> '
        '<a href="/xxgk">信息公开</a> <a href="/hdjl">互动交流</a></div>\n'
        '<div class="breadcrumb">当前位置:首页 &gt; 信息公开 &gt; 年度报告</div>\n')
TAIL = ('<div class="related"><p>相关文章</p><ul><li><a href="#">{agency}{prev}年政府信息公开工作年度报告'
        '</a></li></ul></div>\n<div class="pager">上一篇:关于做好政务公开工作的通知</div>\n'
        '<div class="tools">【打印本页】 【关闭窗口】</div>\n'
        '<div class="footer">版权所有:示例市人民政府 网站标识码:0000000000</div>\n</body></html>\n')


def _e(text: str, fw: bool) -> str:
    s = _html.escape(nz.fullwidth(text) if fw else text, quote=False)
    return s or "&nbsp;"


def _td(text: str, fw: bool, rs: int = 1, cs: int = 1) -> str:
    span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    return f"<td{span}>{_e(text, fw)}</td>"


def table_html(t: SimTable, fw: bool, rng: random.Random) -> str:
    grid = spans(t, spanned_header=rng.random() < 0.5)
    rows = ["<tr>" + "".join(_td(text, fw, rs, cs) for text, rs, cs in row) + "</tr>"
            for row in grid]
    return '<table border="1" cellspacing="0">\n' + "\n".join(rows) + "\n</table>"


def to_html(doc: SimDoc, drawn: nz.Drawn, rng: random.Random, charset: str = "utf-8") -> str:
    fw = drawn.fullwidth
    parts = [HEAD.format(charset=charset, title=_html.escape(doc.title))]
    if drawn.spam == "hidden":
        parts.append(nz.hidden_block(rng))
    parts.append('<div class="article">')
    for x in prose(doc, drawn, rng):
        if isinstance(x, SimTable):
            parts.append(table_html(x, fw, rng))
        elif x == doc.title:
            parts.append(f"<h1>{_e(x, fw)}</h1>\n<div class=\"info\">发布日期:"
                         f"{_e(f'{doc.year + 1}-03-{rng.randint(10, 28)}', fw)}</div>")
        else:
            parts.append(f"<p>{_e(x, fw)}</p>")
    parts.append("</div>")
    parts.append(TAIL.format(agency=_html.escape(doc.agency), prev=doc.year - 1))
    return "\n".join(parts)
