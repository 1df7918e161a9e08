"""Chart output: a figure drawn on the thread's shared renderer gives the bytes of a new one."""

from __future__ import annotations

import pandas as pd

from analysis.charts import draw, no_data, output
from analysis.charts.base import frame, new_figure


def _bars(values: list[float], title: str):
    fig, ax = new_figure("slide")
    draw.year_bars(ax, pd.DataFrame({"year": range(2015, 2015 + len(values)), "value": values,
                                     "status": "reported"}))
    return frame(fig, title, "示例市人民政府", years=range(2015, 2015 + len(values)))


def test_shared_renderer_gives_the_bytes_of_a_fresh_one():
    output.forget_renderers()
    alone = output.png_bytes(_bars([5, 1200, 37], "新收申请（件）"))
    output.forget_renderers()
    output.png_bytes(no_data("主动公开渠道"))  # another chart first, same size: renderer shared
    output.png_bytes(_bars([90000, 3, 0, 12], "行政复议（件）"))
    after = output.png_bytes(_bars([5, 1200, 37], "新收申请（件）"))
    assert after == alone
    assert len(output._LOCAL.renderers) == 1  # one size, one dpi: one renderer


def test_sizes_and_resolutions_get_their_own_renderer():
    output.forget_renderers()
    small = output.png_bytes(no_data("无数据"), dpi=50)
    large = output.png_bytes(no_data("无数据"), dpi=100)
    assert small != large and len(output._LOCAL.renderers) == 2
    output.forget_renderers()
    assert output.png_bytes(no_data("无数据"), dpi=50) == small
