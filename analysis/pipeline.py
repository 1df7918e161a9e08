"""One file -> a Report (document, metadata, facts, flags): read, clean, detect, parse, check.

The per-file pipeline sits above `check` (it calls the checks) and below `dataset` (which runs it
over many files in worker processes)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analysis.check import legacy_rules, ocr_digits, template_rules
from analysis.model import Fact, Flag, Report
from analysis.parse.legacy.fragments import rejoin
from analysis.parse.legacy.tables import parse_legacy
from analysis.parse.legacy.text import parse_text_table
from analysis.parse.meta import detect
from analysis.parse.narrative.stated import narrative_facts
from analysis.parse.template.document import parse_template
from analysis.read import read_document


def _dedupe(facts: list[Fact]) -> tuple[list[Fact], list[Flag]]:
    """Keep the first fact per (indicator, breakdown, measure, source); flag the repeats."""
    seen: dict[tuple[str, str, str, str], Fact] = {}
    flags = []
    for f in facts:
        key = (f.indicator, f.breakdown, f.measure, f.source)
        if key in seen:
            flags.append(Flag("duplicate_row", f"{f.indicator} ({f.measure}) appears twice; first kept",
                              indicator=f.indicator, expected=seen[key].raw_value,
                              found=f.raw_value, location=f.location))
        else:
            seen[key] = f
    return list(seen.values()), flags


def parse_document_facts(doc, meta, context: Sequence[Fact] = ()) -> tuple[list[Fact], list[Flag]]:
    """Facts and flags of one read document: its tables by template, its narrative, the checks.
    `context`: what the neighbouring years' reports say (`analysis.parse.years.context_facts`),
    for run-together cells the report's own arithmetic leaves open."""
    if meta.template in ("t2019", "t2021"):
        facts, flags = parse_template(doc, meta, context)  # the narrative first: it binds cells
        facts, dup = _dedupe(facts)
        flags += dup + ocr_digits.settle(doc, facts, lambda fs: template_rules.check(fs, meta))
        flags += template_rules.check(facts, meta)
    else:
        stated, notes = narrative_facts(doc, template=False)
        facts, flags = parse_legacy(doc, meta, rejoin(doc))
        if not any(f.source == "table" for f in facts):  # a table flattened into running text
            more, more_flags = parse_text_table(doc.text, stated + list(context))
            if more:
                facts = more
                flags = [f for f in flags if f.rule != "no_table"] + more_flags
        facts, dup = _dedupe(facts + stated)
        flags += notes + dup + ocr_digits.settle(doc, facts, legacy_rules.check)
        flags += legacy_rules.check(facts)
    complete = not any(f.rule == "categories_incomplete" for f in flags)
    flags = legacy_rules.category_numbers(flags, facts)
    return facts, flags + legacy_rules.check_categories(facts, complete)


def read_report(path: str | Path, context: Sequence[Fact] = ()) -> Report:
    """Read and parse one report file (`context`: see `parse_document_facts`).

    Raises analysis.read.ReadError for a file that cannot be read (empty, binary, bad encoding).

    >>> rep = read_report("data/seed/ganzhou-poverty-office-2011.txt")  # doctest: +SKIP
    >>> rep.meta.year, len(rep.facts)                                   # doctest: +SKIP
    (2011, 70)
    """
    doc = read_document(path)
    meta = detect(doc)
    facts, flags = parse_document_facts(doc, meta, context)
    return Report(doc=doc, meta=meta, facts=facts, flags=doc.notes + meta.flags + flags)
