"""Demo covers and avatars drawn locally with Pillow (no downloads): a gradient, a few shapes, and a keyword when
a CJK font is installed. They go through the same upload pipeline as a writer's cover (accounts/images.py), so the
demo exercises the real path, thumbnails included."""

import hashlib
import math
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# Colour pairs per category slug (start, end of the gradient).
PALETTES = {
    "global": ((18, 52, 120), (0, 150, 170)),
    "live-commerce": ((217, 72, 15), (190, 30, 90)),
    "private-traffic": ((43, 138, 62), (12, 90, 110)),
    "brand": ((95, 61, 196), (200, 60, 140)),
    "content": ((230, 119, 0), (210, 50, 50)),
}
DEFAULT_PALETTE = ((60, 70, 90), (120, 130, 150))
# Where Debian and friends keep a font that can draw Chinese; the first that exists is used.
CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
]


def _font(size: int) -> ImageFont.FreeTypeFont | None:
    for path in CJK_FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return None


def _seed(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def _gradient(size: tuple[int, int], start: tuple, end: tuple) -> Image.Image:
    """Corner-to-corner gradient: drawn on a small canvas and scaled up (smooth, and fast enough for the demo)."""
    small = Image.new("RGB", (32, 20))
    for x in range(32):
        for y in range(20):
            t = (x / 31 + y / 19) / 2
            small.putpixel((x, y), tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True)))
    return small.resize(size, Image.Resampling.BICUBIC)


def cover_png(
    *, title: str, category: str, keyword: str = "", label: str = "", size: tuple[int, int] = (1600, 1000)
) -> bytes:
    """A cover for `title` (which seeds the shapes); `keyword` drawn large and `label` as a tag, when a CJK font is
    installed. The title itself is left to the page, which prints it over or beside the cover."""
    start, end = PALETTES.get(category, DEFAULT_PALETTE)
    image = _gradient(size, start, end)
    seed = _seed(title)
    shapes = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(shapes)
    width, height = size
    for i in range(7):
        r = 80 + (seed >> (i * 3)) % 260
        cx = (seed >> i) % width
        cy = (seed >> (i + 5)) % height
        alpha = 28 + (seed >> (i * 2)) % 40
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(255, 255, 255, alpha))
    for i in range(5):
        y = int(height * (0.15 + 0.17 * i))
        amp = 30 + (seed >> i) % 50
        points = [(x, y + amp * math.sin((x + seed % 400) / 140)) for x in range(0, width + 20, 20)]
        draw.line(points, fill=(255, 255, 255, 50), width=3)
    image = Image.alpha_composite(image.convert("RGBA"), shapes)
    big, small = _font(190), _font(44)
    if big is not None:
        text = ImageDraw.Draw(image)
        margin = 110
        if keyword:
            text.text((margin, margin - 20), keyword, font=big, fill=(255, 255, 255, 215))
        if label:
            top = margin + 230
            text.rounded_rectangle([margin, top, margin + 44 + int(text.textlength(label, font=small)), top + 70],
                                   radius=12, fill=(255, 255, 255, 235))  # fmt: skip
            text.text((margin + 22, top + 8), label, font=small, fill=start)
    out = BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=88)
    return out.getvalue()


def avatar_png(*, name: str, color: tuple[int, int, int]) -> bytes:
    size = 240
    image = Image.new("RGB", (size, size), color)
    font = _font(120)
    if font is not None:
        draw = ImageDraw.Draw(image)
        char = name[:1]
        box = draw.textbbox((0, 0), char, font=font)
        draw.text(((size - (box[2] - box[0])) / 2 - box[0], (size - (box[3] - box[1])) / 2 - box[1]), char,
                  font=font, fill=(255, 255, 255))  # fmt: skip
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
