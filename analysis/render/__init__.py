"""Rendering notebooks: parameters checked, papermill run per agency in worker processes,
HTML export with code hidden, charts/tables written beside it, an index across agencies."""
