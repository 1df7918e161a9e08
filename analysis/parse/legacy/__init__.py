"""Reports before the 2019 template: statistics tables by label (tables) and tables flattened
into running text (text)."""
