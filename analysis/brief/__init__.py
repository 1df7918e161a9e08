"""Word briefings (简报) and chart packs per agency, written from the dataset.

Stage: after charts. `build.brief_agency` / `build.brief_many` do the work; `cli` is `xxgk brief`.
Modules: numfmt (Chinese number formatting), figures (figures read from facts), summary (the
paragraph), content (the worded briefing), alttext, pack (chart files and captions.csv), word (.docx).
"""
