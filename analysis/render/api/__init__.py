"""The notebooks' API: what a notebook (and another stage, such as brief) calls to find and read
its data and show its results — paths (where things are, nothing run), slices (an agency's own
rows), agencies (choosing agencies by id or name), params (a notebook's parameters), show (charts
and tables into the page). It never imports the engine that runs notebooks (analysis.render.engine;
`.importlinter` enforces it)."""

CHART_KEY = "xxgk_file"  # image/png metadata: the chart file (written by show, read by export)
