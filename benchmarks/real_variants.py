"""The real reports re-saved the ways other sites save theirs: is the reading general, or tuned to these files?

Each text report of ../shared/corpus/ (real/ and the corpus README's, the hand-checked ones) is
written again in each variant below, changed only in form, never in its figures, and scored against
the same hand-checked figures as `real_accuracy.py`:

- `fullwidth_crlf`: digits and punctuation full-width, Windows line ends;
- `gb18030`: the bytes in GB18030 instead of UTF-8;
- `one_line`: the whole page on one line, lines joined by a space (a crawler that flattens a page);
- `glued`: lines joined with nothing between them (a table's cells and rows run into each other);
- `as_html`: an HTML page, one `<p>` per line (a CMS that stores the text as paragraphs);
- `spam`: a keyword-stuffed spam line every 12 lines and pinyin interleaved in one sentence;
- `no_header`: a crawled page without the crawler's header block (agency and date from the text);

and each HTML page

- `html_gbk`: declared `gb2312` and saved in GB18030;
- `html_one_line`: the markup with every line break removed (minified pages).

A variant may cost figures (cells that ran together and cannot be cut for sure stay blank and are
flagged), never a silent wrong number: the floor is 0 wrong in every variant.

    python benchmarks/real_variants.py [--corpus ../shared/corpus] [--results real_variants.md]

Exit 1 when a variant yields a silent wrong number or a lossless variant (all but `one_line`,
`glued` and `no_header`) reads fewer figures than the file as published; 2 when the corpus is absent.
"""

from __future__ import annotations

import html
import platform
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from real_accuracy import FileScore, arguments, expected_files, score_file, use_registry  # noqa: E402

from analysis.simulate import noise  # noqa: E402

LOSSY = ("one_line", "glued", "no_header")


def _spam(text: str) -> str:
    rng = random.Random(7)
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        if i % 12 == 11:
            out.append(noise.spam_title(rng))
    text = "\n".join(out)
    sentence = re.search(r"[^\n。0-9]*公开[^\n。0-9]*。", text)
    return text.replace(sentence.group(0), noise.pinyin(sentence.group(0)), 1) if sentence else text


def _as_html(text: str) -> str:
    title = next((ln for ln in text.split("\n") if ln.strip()), "")
    body = "\n".join(f"<p>{html.escape(ln)}</p>" for ln in text.split("\n") if ln.strip())
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
            f"</head><body><div class=\"article\">\n{body}\n</div></body></html>")


def _no_header(text: str) -> str:
    """Drop the crawler's header block (the lines before the first line naming the report)."""
    lines = text.split("\n")
    for i, ln in enumerate(lines):
        if "年度报告" in ln and not re.match(r"\s*(标题|title)\s*[:：]", ln, re.I):
            return "\n".join(lines[i:])
    return text


Variant = Callable[[str], str]
VARIANTS: dict[str, tuple[Variant, str]] = {
    "fullwidth_crlf": (lambda t: noise.fullwidth(t).replace("\n", "\r\n"), ".txt"),
    "gb18030": (lambda t: t, ".txt"),
    "one_line": (lambda t: " ".join(ln.strip() for ln in t.split("\n") if ln.strip()), ".txt"),
    "glued": (lambda t: "".join(ln.strip() for ln in t.split("\n")), ".txt"),
    "as_html": (_as_html, ".html"),
    "spam": (_spam, ".txt"),
    "no_header": (_no_header, ".txt"),
}
HTML_VARIANTS: dict[str, Variant] = {
    "html_gbk": lambda t: re.sub(r"charset=[\"']?utf-8[\"']?", 'charset="gb2312"', t, flags=re.I),
    "html_one_line": lambda t: re.sub(r"\s*\n\s*", " ", t),
}


def entries(corpus: Path) -> list[tuple[Path, dict]]:
    """The hand-checked text reports and HTML pages (the PDFs are not re-saved)."""
    return [(p, e) for p, e in expected_files(corpus) if p.suffix in (".txt", ".html")]


def score_variant(name: str, path: Path, entry: dict, work: Path) -> FileScore:
    if name in HTML_VARIANTS:
        change, suffix = HTML_VARIANTS[name], ".html"
    else:
        change, suffix = VARIANTS[name]
    text = path.read_text(encoding="utf-8-sig")
    stem = path.name[: -len(path.suffix)] if name != "as_html" else path.name.split(".")[0]
    target = work / name / (stem + suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = change(text)
    gbk = name in ("gb18030", "html_gbk")
    target.write_bytes(data.encode("gb18030") if gbk else data.encode("utf-8"))
    return score_file(target, entry, name)


def run(corpus: Path) -> dict[str, list[FileScore]]:
    files = entries(corpus)
    text = [(p, e) for p, e in files if p.suffix == ".txt"]
    pages = [(p, e) for p, e in files if p.suffix == ".html"]
    out: dict[str, list[FileScore]] = {
        "as published": [score_file(p, e, "published") for p, e in text],
        "as published (HTML)": [score_file(p, e, "published") for p, e in pages]}
    with tempfile.TemporaryDirectory() as tmp:
        for name in VARIANTS:
            out[name] = [score_variant(name, p, e, Path(tmp)) for p, e in text]
        for name in HTML_VARIANTS:
            out[name] = [score_variant(name, p, e, Path(tmp)) for p, e in pages]
    return out


def failures(results: dict[str, list[FileScore]]) -> list[str]:
    bad = []
    for name, scores in results.items():
        wrong = [f"{s.file}: {w}" for s in scores for w in s.wrong]
        bad += [f"{name}: silent wrong number {w}" for w in wrong]
        base = sum(s.right for s in results[
            "as published (HTML)" if name in HTML_VARIANTS else "as published"])
        right = sum(s.right for s in scores)
        if name not in LOSSY and not name.startswith("as published") and right < base:
            bad.append(f"{name}: {right} figures right, fewer than the {base} of the files as published")
    return bad


def report(results: dict[str, list[FileScore]]) -> str:
    out = ["| variant | right / total | silent wrong | missed |", "|---|---|---|---|"]
    for name, scores in results.items():
        r, t = sum(s.right for s in scores), sum(s.total for s in scores)
        w = sum(len(s.wrong) for s in scores)
        out.append(f"| {name} | {r} / {t} ({r / max(t, 1):.1%}) | {w} | {t - r - w} |")
    out += ["", "## What each variant missed", ""]
    for name, scores in results.items():
        missed = [f"- {name}, {s.file}: {m}" for s in scores for m in s.missed + s.wrong]
        out += missed[:40] + ([f"- … {len(missed) - 40} more"] if len(missed) > 40 else [])
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    if (got := arguments(__doc__, HERE / "real_variants.md", argv)) is None:
        return 2
    corpus, results_file = got
    use_registry()
    t0 = time.perf_counter()
    results = run(corpus)
    body = report(results)
    bad = failures(results)
    head = ["# The real reports re-saved in other forms", "",
            f"Measured {time.strftime('%Y-%m-%d %H:%M')}, Python {platform.python_version()}, "
            f"{time.perf_counter() - t0:.1f}s. Command: `python benchmarks/real_variants.py`.", "",
            "Floor: no silent wrong number in any variant; the lossless variants read every figure "
            "the files as published give.", ""]
    Path(results_file).write_text("\n".join(head) + body + "\n", encoding="utf-8")
    print(body.split("\n## ")[0])
    print("\n".join(bad) or "floor met")
    print(f"written {results_file}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
