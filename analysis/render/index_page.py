"""index.html across every rendered notebook and agency, built from the manifests.
(Named index_page, not html: a module called html.py breaks nbconvert's imports.)"""

from __future__ import annotations

import html
import os
from pathlib import Path

from analysis.base.files import atomic_write
from analysis.render import manifest
from analysis.render.export import CSP_META

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


def _briefs(folder: Path) -> list[str]:
    """A section linking the Word briefings, where `xxgk brief` has written them beside."""
    index = folder / "index.csv"
    if not index.exists():
        return []
    import csv

    e = html.escape
    with open(index, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    out = [f"<h2>简报 <small>(briefs: {len(rows)} 份)</small></h2>",
           "<table><tr><th>代码</th><th>机关</th><th>年度</th><th>状态</th><th>文件</th></tr>"]
    for r in rows:
        docx = r.get("docx", "")
        href = os.path.relpath(docx, folder.parent) if docx else ""
        link = f'<a href="{e(href)}">docx</a>' if docx and r["status"] == "ok" else ""
        status = ('<span class="ok">完成</span>' if r["status"] == "ok"
                  else f'<span class="failed">失败</span> <code>{e(r.get("error", ""))}</code>')
        out.append(f"<tr><td>{e(r['agency_id'])}</td><td>{e(r.get('agency', ''))}</td>"
                   f"<td>{e(r.get('year', ''))}</td><td>{status}</td><td>{link}</td></tr>")
    return out + ["</table>"]


def write(out: Path) -> Path:
    """Write out/index.html listing every run in out/*/manifest.json; return its path."""
    out = Path(out)
    parts = [f"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">{CSP_META}"
             f"<title>政府信息公开年报分析</title><style>{STYLE}</style></head><body>",
             "<h1>政府信息公开年报分析</h1>"]
    for path in sorted(out.glob("*/manifest.json")):
        runs = manifest.load(path)
        folder = path.parent.name
        failed = sum(r["status"] != "ok" for r in runs.values())
        parts.append(f"<h2>{html.escape(TITLES.get(folder, folder))} "
                     f"<small>({html.escape(folder)}: {len(runs)} 份，失败 {failed} 份)</small></h2>")
        parts.append("<table><tr><th>代码</th><th>报告</th><th>状态</th><th>笔记本</th>"
                     "<th>图表数</th><th>错误</th></tr>")
        parts += [_row(folder, runs[name]) for name in sorted(runs)]
        parts.append("</table>")
    parts += _briefs(out / "briefs")
    parts.append("</body></html>")
    target = out / "index.html"
    atomic_write(target, lambda p: p.write_text("\n".join(parts), encoding="utf-8"))
    return target
