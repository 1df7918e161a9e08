"""Chart output: a figure drawn on the thread's shared renderer gives the bytes of a new one; a PNG
holds exactly the pixels Agg drew."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

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


def _decoded(data: bytes):
    im = Image.open(io.BytesIO(data))
    im.load()
    return im, np.asarray(im.convert("RGBA"))


def test_a_png_decodes_to_every_pixel_it_was_given():
    rng = np.random.default_rng(7)
    opaque = rng.integers(0, 256, (37, 53, 4), dtype=np.uint8)
    opaque[:, :, 3] = 255
    im, pixels = _decoded(output.encode_png(opaque, 100))
    assert im.mode == "RGB" and im.size == (53, 37) and (pixels == opaque).all()
    assert [round(d) for d in im.info["dpi"]] == [100, 100]
    see_through = opaque.copy()
    see_through[3, 5, 3] = 0  # one transparent pixel: the alpha channel is kept
    im, pixels = _decoded(output.encode_png(see_through, 200))
    assert im.mode == "RGBA" and (pixels == see_through).all()
    assert [round(d) for d in im.info["dpi"]] == [200, 200]


def test_a_chart_png_holds_the_pixels_agg_drew():
    fig = _bars([5, 1200, 37], "新收申请（件）")
    im, pixels = _decoded(output.png_bytes(fig, dpi=60))
    fig.dpi = 60
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    assert im.mode == "RGB" and (pixels == np.asarray(canvas.buffer_rgba())).all()


def test_encode_png_refuses_what_is_not_an_rgba_picture():
    with pytest.raises(ValueError, match="RGBA uint8"):
        output.encode_png(np.zeros((4, 4, 3), np.uint8), 100)
    with pytest.raises(ValueError, match="RGBA uint8"):
        output.encode_png(np.zeros((4, 4, 4), np.float32), 100)
