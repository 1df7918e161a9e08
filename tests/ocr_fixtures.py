"""Scanned-report fixtures for the OCR tests: a small report drawn with Pillow in the project's
Chinese font (pylopdf-fonts-zh-cn), saved as an image or wrapped as an image-only PDF.

The figures are made up for these tests (not from any real report) and obey the template's sums:
一 + 二 = (七)总计 + 四 in every column, (一) + (二) = (七), and each row's applicant columns sum
to its 总计.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

TITLE = "示例市人民政府2022年政府信息公开工作年度报告"
# table 三 of the 2021 template, the rows this small report prints
T3 = [("一、本年新收政府信息公开申请数量", [12, 3, 0, 1, 0, 2, 18]),
      ("二、上年结转政府信息公开申请数量", [2, 0, 0, 0, 0, 1, 3]),
      ("(一)予以公开", [9, 2, 0, 1, 0, 1, 13]),
      ("(二)部分公开", [3, 1, 0, 0, 0, 1, 5]),
      ("(七)总计", [12, 3, 0, 1, 0, 2, 18]),
      ("四、结转下年度继续办理", [2, 0, 0, 0, 0, 1, 3])]
T3_HEAD = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
# table 二 (2021), first block
T2_HEAD = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
T2 = [("规章", [4, 0, 17]), ("行政规范性文件", [26, 3, 58])]


def _font(size: int) -> ImageFont.FreeTypeFont:
    import pylopdf_fonts_zh_cn

    return ImageFont.truetype(str(pylopdf_fonts_zh_cn.sans_path()), size)


def _grid(draw: ImageDraw.ImageDraw, top: int, rows: list[list[str]], widths: list[int],
          height: int = 40, size: int = 20) -> int:
    """Draw a ruled table from (left 20, top); cells centred, the first column left-aligned."""
    font = _font(size)
    y = top
    for row in rows:
        x = 20
        for k, (text, w) in enumerate(zip(row, widths, strict=True)):
            draw.rectangle([x, y, x + w, y + height], outline="black", width=1)
            tw = draw.textlength(text, font=font)
            tx = x + 8 if k == 0 else x + (w - tw) / 2
            draw.text((tx, y + (height - size) / 2 - 2), text, fill="black", font=font)
            x += w
        y += height
    return y


def table3_image() -> Image.Image:
    """A page with the title, the heading of table 三 and its rows."""
    img = Image.new("RGB", (1240, 520), "white")
    draw = ImageDraw.Draw(img)
    draw.text((180, 20), TITLE, fill="black", font=_font(28))
    draw.text((20, 80), "三、收到和处理政府信息公开申请情况", fill="black", font=_font(22))
    rows = [["申请人情况", *T3_HEAD]] + [[label, *map(str, v)] for label, v in T3]
    _grid(draw, 125, rows, [390] + [110] * 6 + [90], size=18)
    return img


def table2_image() -> Image.Image:
    """A small page: the title and the first block of table 二."""
    img = Image.new("RGB", (900, 260), "white")
    draw = ImageDraw.Draw(img)
    draw.text((40, 20), TITLE, fill="black", font=_font(24))
    draw.text((20, 70), "二、主动公开政府信息情况", fill="black", font=_font(20))
    rows = [T2_HEAD] + [[label, *map(str, v)] for label, v in T2]
    _grid(draw, 110, rows, [240, 190, 190, 190])
    return img


def image_pdf(img: Image.Image, path: Path) -> Path:
    """The image as a one-page PDF with no text layer (a scan), at 150 dpi."""
    img.save(path, "PDF", resolution=150)
    return path


def garbage_pdf(img: Image.Image, path: Path) -> Path:
    """The image as a PDF page with an invisible text layer of mojibake (a broken font map's
    text, as GBK bytes read as Latin-1), the kind of layer that must not be trusted."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    w, h = img.size[0] * 25.4 / 150, img.size[1] * 25.4 / 150
    pdf = FPDF(unit="mm", format=(w, h))
    pdf.add_page()
    png = path.with_suffix(".png")
    img.save(png)
    pdf.image(str(png), x=0, y=0, w=w, h=h)
    pdf.set_font("helvetica", size=10)
    pdf.text_mode = TextMode.INVISIBLE
    junk = TITLE.encode("gbk").decode("latin-1")
    for k in range(4):
        pdf.text(10, 10 + 8 * k, junk)
    pdf.output(str(path))
    return path
