"""Register the Chinese font shipped by the `pylopdf-fonts-zh-cn` wheel, so no system font is needed.

Registration is per process: every process and every notebook kernel that draws must call
`register()` (the chart functions do, through `analysis.charts.setup()`).
"""

from __future__ import annotations

import functools

from matplotlib import font_manager

FAMILY = "Noto Sans SC"


@functools.cache
def register() -> str:
    """Add Noto Sans SC to matplotlib's font manager once per process; return the family name."""
    import pylopdf_fonts_zh_cn

    font_manager.fontManager.addfont(str(pylopdf_fonts_zh_cn.sans_path()))
    return FAMILY
