"""Deferred imports (analysis.base.lazy): a stand-in until first use, then the real module."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap

import pytest

from analysis.base import lazy


@pytest.fixture
def slow_package(tmp_path, monkeypatch):
    """A package `slowpkg` whose import is recorded in `slowpkg_log` (a module of its own)."""
    (tmp_path / "slowpkg_log.py").write_text("imported = []\n", encoding="utf-8")
    pkg = tmp_path / "slowpkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(textwrap.dedent("""
        import slowpkg_log
        slowpkg_log.imported.append("slowpkg")
        LIMIT = 3
        def is_valid_syntax(term, value):
            return term == "iri" and len(value) <= LIMIT
    """), encoding="utf-8")
    (pkg / "helpers.py").write_text("VALUE = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield
    for name in ("slowpkg", "slowpkg.helpers", "slowpkg_log"):
        sys.modules.pop(name, None)


def test_the_module_is_imported_at_the_first_call_and_answers_as_itself(slow_package):
    import slowpkg_log

    assert lazy.defer("slowpkg", ("is_valid_syntax",))
    from slowpkg import is_valid_syntax  # what jsonschema does at its import

    assert slowpkg_log.imported == []
    assert is_valid_syntax("iri", "abc") is True
    assert is_valid_syntax("iri", "abcd") is False
    assert slowpkg_log.imported == ["slowpkg"]
    assert not isinstance(sys.modules["slowpkg"], lazy.Deferred)  # the real one from now on
    assert is_valid_syntax("uri", "a") is False
    assert slowpkg_log.imported == ["slowpkg"]  # imported once


def test_any_other_attribute_or_submodule_loads_the_real_module(slow_package):
    import slowpkg_log

    assert lazy.defer("slowpkg", ("is_valid_syntax",))
    from slowpkg.helpers import VALUE  # a submodule: found through the stand-in's __path__

    assert VALUE == 42
    import slowpkg

    assert slowpkg.LIMIT == 3
    assert slowpkg_log.imported == ["slowpkg"]


def test_nothing_is_deferred_that_is_missing_or_already_imported(slow_package):
    assert not lazy.defer("no_such_module_xxgk", ("f",))
    assert "no_such_module_xxgk" not in sys.modules
    import slowpkg

    assert not lazy.defer("slowpkg", ("is_valid_syntax",))
    assert sys.modules["slowpkg"] is slowpkg


@pytest.mark.skipif(importlib.util.find_spec("rfc3987_syntax") is None,
                    reason="rfc3987-syntax is not installed (JupyterLab brings it)")
def test_jsonschema_checks_iris_as_before_without_paying_at_import():
    code = textwrap.dedent("""
        import sys
        from analysis.base import lazy
        lazy.defer_slow_imports()
        import nbformat, jsonschema
        assert "lark" not in sys.modules, "rfc3987_syntax was imported with jsonschema"
        checker = jsonschema.FormatChecker()
        print(checker.conforms("http://例子.测试/路径", "iri"),
              checker.conforms("http://例子.测试/a b", "iri"))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    real = subprocess.run([sys.executable, "-c", code.replace("lazy.defer_slow_imports()", "")
                           .replace("assert \"lark\"", "assert 1 or \"lark\"")],
                          capture_output=True, text=True, check=True).stdout.split()
    assert out == real == ["True", "False"]


PAGE = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from analysis.base import lazy
    if sys.argv[1] == "defer":
        lazy.defer_slow_imports()
    else:  # nothing deferred, not even by the exporter
        lazy.defer_slow_imports = lambda: None
    import papermill
    from nbformat import v4
    from analysis.render.engine import export
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("# 标题 <b>x</b> [链接](a.html)", id="m1"),
        v4.new_code_cell("1", id="c1", outputs=[
            v4.new_output("display_data", data={"text/markdown": "**粗** <i>i</i> [a](b)",
                                                "text/plain": "x"}),
            v4.new_output("execute_result", execution_count=1, data={
                "text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "1"}),
            v4.new_output("stream", name="stdout", text="hello <x>\\n")])])
    export.write(nb, Path(sys.argv[2]), "题 <t>")
    print(json.dumps({m: type(sys.modules.get(m)).__name__ for m in ("bs4", "requests")}))
""")


def test_a_page_is_exported_the_same_without_importing_html_parsing_or_http(tmp_path):
    """papermill and nbconvert import bs4 and requests at their top; a page never uses them,
    so they stay stand-ins, and the page is the same byte for byte."""
    seen = {}
    for mode in ("defer", "plain"):
        out = subprocess.run([sys.executable, "-c", PAGE, mode, str(tmp_path / f"{mode}.html")],
                             capture_output=True, text=True, check=True).stdout
        seen[mode] = json.loads(out.strip().splitlines()[-1])
    assert seen["defer"] == {"bs4": "Deferred", "requests": "Deferred"}
    assert seen["plain"] == {"bs4": "module", "requests": "module"}
    assert (tmp_path / "defer.html").read_bytes() == (tmp_path / "plain.html").read_bytes()
