"""index.html across every rendered notebook and agency, built from the manifests.
(Named index_page, not html: a module called html.py breaks nbconvert's imports.)"""

from __future__ import annotations

import html
import os
from pathlib import Path

from analysis.base.files import atomic_write
from analysis.render import manifest
from analysis.render.engine.export import CSP_META

TITLES = {"agency_profile": "机关年报概览", "compare_agencies": "机关比较", "trends": "年度趋势",
          "data_quality": "数据质量"}
STYLE = """body{font-family:"Noto Sans SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin-bottom:2em}th,td{border-bottom:1px solid #ddd;
padding:4px 10px;text-align:left;vertical-align:top}th{background:#f2f5f9}
.failed{color:#b00020}.ok{color:#087f23}code{font-size:90%}"""


def _row(folder: str, rec: dict) -> str:
    e = html.escape
    link = (f'<a href="{e(folder)}/{e(rec["name"])}/{e(rec["html"])}">{e(rec["title"])}</a>'
            if rec.get("html") else e(rec["title"]))
    nb = (f'<a href="{e(folder)}/{e(rec["name"])}/{e(rec["notebook"])}">ipynb</a>'
          if rec.get("notebook") else "")
    n_charts = sum(f.endswith(".png") for f in rec.get("files", []))
    status = ('<span class="ok">完成</span>' if rec["status"] == "ok"
              else '<span class="failed">失败</span>')
    return (f"<tr><td>{e(rec['name'])}</td><td>{link}</td><td>{status}</td><td>{nb}</td>"
            f"<td>{n_charts}</td><td><code>{e(rec.get('error', ''))}</code></td></tr>")


def _briefs(folder: Path, heads: dict[str, str]) -> list[str]:
    """A section linking the Word briefings, where `xxgk brief` has written them beside."""
    index = folder / "index.csv"
    if not index.exists():
        return []
    import csv

    e = html.escape
    with open(index, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    out = [f"<h2>简报 <small>(briefs: {len(rows)} 份)</small></h2>",
           "<table><tr><th>数据</th><th>代码</th><th>机关</th><th>年度</th><th>状态</th>"
           "<th>文件</th></tr>"]
    order = _order(heads)
    rows.sort(key=lambda r: (order.index(heads[r["agency_id"]]) if r["agency_id"] in heads
                             else len(order), r["agency_id"]))
    for r in rows:
        docx = r.get("docx", "")
        href = os.path.relpath(docx, folder.parent) if docx else ""
        link = f'<a href="{e(href)}">docx</a>' if docx and r["status"] == "ok" else ""
        status = ('<span class="ok">完成</span>' if r["status"] == "ok"
                  else f'<span class="failed">失败</span> <code>{e(r.get("error", ""))}</code>')
        out.append(f"<tr><td>{e(heads.get(r['agency_id'], ''))}</td><td>{e(r['agency_id'])}</td><td>{e(r.get('agency', ''))}</td>"
                   f"<td>{e(r.get('year', ''))}</td><td>{status}</td><td>{link}</td></tr>")
    return out + ["</table>"]


def corpora(out: Path) -> dict[str, str]:
    """agency_id -> the heading of the corpus its reports came from: the first folder under the
    folders all the dataset's reports share (data/real -> 真实年报, data/sample -> 示例数据, as
    vocab/corpora.csv names them; another folder by its name). {} for a single corpus."""
    path = out / "dataset" / "reports.parquet"
    if not path.exists():
        return {}
    import pyarrow.parquet as pq

    from analysis import vocab

    t = pq.read_table(path, columns=["agency_id", "path"]).to_pylist()
    rows = [(r["agency_id"], Path(r["path"])) for r in t if r["agency_id"] and r["path"]]
    if not rows:
        return {}
    root = Path(os.path.commonpath([str(p.parent) for _, p in rows]))
    names = {r["folder"]: r["label_zh"] for r in vocab.rows("corpora.csv")}
    group = {}
    for agency_id, p in rows:
        rel = p.relative_to(root).parts
        group.setdefault(agency_id, names.get(rel[0], rel[0]) if len(rel) > 1 else "")
    return group if len(set(group.values())) > 1 else {}


def _order(heads: dict[str, str]) -> list[str]:
    """The corpus headings, in vocab/corpora.csv's order, then the others."""
    from analysis import vocab

    known = [r["label_zh"] for r in vocab.rows("corpora.csv")]
    return sorted(set(heads.values()), key=lambda h: (known.index(h) if h in known else
                                                      len(known), h))


def _grouped(folder: str, runs: dict, heads: dict[str, str]) -> list[str]:
    """The rows of one notebook's runs; an agency's pages under its corpus's heading."""
    top = "<table><tr><th>代码</th><th>报告</th><th>状态</th><th>笔记本</th><th>图表数</th><th>错误</th></tr>"
    names = sorted(runs)
    if not heads or not any(n in heads for n in names):
        return [top, *(_row(folder, runs[n]) for n in names), "</table>"]
    out = []
    for head in _order(heads):
        mine = [n for n in names if heads.get(n) == head]
        if mine:
            out += [f"<h3>{html.escape(head)}</h3>", top, *(_row(folder, runs[n]) for n in mine),
                    "</table>"]
    rest = [n for n in names if n not in heads]
    return out + ([top, *(_row(folder, runs[n]) for n in rest), "</table>"] if rest else [])


def write(out: Path) -> Path:
    """Write out/index.html listing every run in out/*/manifest.json; return its path."""
    out = Path(out)
    heads = corpora(out)
    parts = [f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">{CSP_META}"
             f"<title>政府信息公开年报分析</title><style>{STYLE}</style></head><body>",
             "<h1>政府信息公开年报分析</h1>"]
    for path in sorted(out.glob("*/manifest.json")):
        runs = manifest.load(path)
        folder = path.parent.name
        failed = sum(r["status"] != "ok" for r in runs.values())
        parts.append(f"<h2>{html.escape(TITLES.get(folder, folder))} "
                     f"<small>({html.escape(folder)}: {len(runs)} 份，失败 {failed} 份)</small></h2>")
        parts += _grouped(folder, runs, heads)
    parts += _briefs(out / "briefs", heads)
    parts.append("</body></html>")
    target = out / "index.html"
    atomic_write(target, lambda p: p.write_text("\n".join(parts), encoding="utf-8"))
    return target
