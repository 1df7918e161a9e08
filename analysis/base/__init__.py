"""What every stage shares and no stage owns: atomic file writes, safe paths, user-facing errors.

The lowest layer: it imports nothing else of `analysis`.
"""
