"""The dataset on disk: reports, facts, flags (parquet) and failures (CSV)."""
