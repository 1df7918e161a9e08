"""Time every reader on growing hostile inputs: doubling the input should about double the time.

    python benchmarks/linearity.py [--sizes 64,128,256,512] [--tries 2]

Each shape repeats a unit (a run of digits, a one-line crawled page, a thousand comments, huge
spans…) to each size in KB and reads the file through the whole per-file pipeline
(`analysis.pipeline.read_report`), CPU time, best of `--tries`. The ratio of consecutive times is near 2 for a
linear reader and near 4 for a quadratic one. Prints a table and writes benchmarks/linearity.md.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_linear import HTML, LEGACY, SHAPES, T2021, best_time  # noqa: E402

HERE = Path(__file__).resolve().parent
MORE = {
    "narrative_lines": (".txt", LEGACY, "主动公开政府信息共120条。\n", ""),
    "flat_table_rows": (".txt", LEGACY + "指标名称 |\n单位 |\n本年度数 |\n", "主动公开政府信息数 |\n条 |\n12 |\n",
                        ""),
    "pipe_table_rows": (".md", LEGACY + "| 指标 | 本年 |\n|---|---|\n", "| 主动公开 | 1 |\n", ""),
    "template_rows": (".txt", T2021, "1.属于国家秘密 1 2 3 4 5 6 7\n", ""),
    "table_four_runs": (".txt", T2021, "行政复议结果维持1111111111111111111111 ", ""),
    "breadcrumbs": (".txt", LEGACY, "当前位置:首页>", ""),
    "spam_words": (".txt", LEGACY, "英皇娱乐,", "\n"),
    "html_rows": (".html", HTML + "<table>", "<tr><td>主动公开政府信息数</td><td>1</td></tr>", "</table>"),
    "html_nested_blocks": (".html", HTML, "<div class='nav'>" * 100 + "a" + "</div>" * 100, ""),
    "html_nested_tables": (".html", HTML, "<table><tr><td>" * 100 + "a" + "</td></tr></table>" * 100,
                           ""),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="64,128,256,512", help="KB, comma-separated")
    ap.add_argument("--tries", type=int, default=2)
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    shapes = {name: s[:4] for name, s in SHAPES.items()} | MORE
    tmp = Path(tempfile.mkdtemp(prefix="xxgk-linear-"))
    rows, worst = [], 0.0
    for name, (suffix, head, unit, tail) in shapes.items():
        times = []
        for kb in sizes:
            p = tmp / f"{name}{suffix}"
            p.write_text(head + unit * max(1, kb * 1024 // len(unit.encode())) + tail,
                         encoding="utf-8")
            times.append(best_time(p, args.tries))
        ratios = [b / max(a, 1e-4) for a, b in zip(times, times[1:], strict=False)]
        worst = max(worst, ratios[-1])
        rows.append((name, times, ratios))
        print(f"{name:22s}", " ".join(f"{t:7.3f}" for t in times), " ratios",
              " ".join(f"{r:4.2f}" for r in ratios), flush=True)
    _write(rows, sizes, args, worst)
    return 0


def _write(rows, sizes, args, worst: float) -> None:
    cmd = f"python benchmarks/linearity.py --sizes {args.sizes} --tries {args.tries}"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    head = " | ".join(f"{kb} KB (s)" for kb in sizes)
    lines = ["# Readers on growing hostile inputs", "",
             f"Command: `{cmd}` (Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}, "
             f"a shared 2-core machine: ratios hold better than times). Peak memory {peak:.0f} MB.",
             "", "CPU seconds to read one file through the whole per-file pipeline, best of the "
             "tries; "
             "the ratio of consecutive sizes is about 2 for a linear reader, 4 for a quadratic "
             f"one. Largest last ratio: {worst:.2f}.", "",
             f"| shape | {head} | ratios |", "|---|" + "---:|" * len(sizes) + "---|"]
    for name, times, ratios in rows:
        lines.append(f"| {name} | " + " | ".join(f"{t:.3f}" for t in times) + " | "
                     + " ".join(f"{r:.2f}" for r in ratios) + " |")
    (HERE / "linearity.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
