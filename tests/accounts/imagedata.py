"""Image files built with Pillow for the upload tests (editor images, covers, avatars)."""

from io import BytesIO

from PIL import Image, PngImagePlugin

PALETTE = [0, 0, 0, 255, 255, 255] + [0] * 762


def _frame(size: tuple[int, int], colour: int = 0) -> Image.Image:
    frame = Image.new("P", size, colour)
    frame.putpalette(PALETTE)
    return frame


def gif(canvas: tuple[int, int], frames: int, frame_size: tuple[int, int] | None = None, **save) -> bytes:
    """A GIF whose first frame fills `canvas`, followed by frames of `frame_size` (the canvas when None): Pillow
    writes each smaller frame at its own size, so one-pixel frames cost a few bytes each to send."""
    rest = [_frame(frame_size or canvas, (n + 1) % 2) for n in range(frames - 1)]
    out = BytesIO()
    _frame(canvas).save(out, format="GIF", save_all=True, append_images=rest, loop=0, duration=80, **save)
    return out.getvalue()


def gif_bomb() -> bytes:
    """The issue's GIF: a 6000×6000 canvas (36 MP, under the 40 MP cap) and 300 one-pixel frames."""
    data = gif((6000, 6000), 300, (1, 1))
    probe = Image.open(BytesIO(data))
    assert probe.size == (6000, 6000)
    assert probe.n_frames >= 290  # Pillow merges a frame identical to the one before; nearly all stay
    assert len(data) < 64 * 1024
    return data


def png(size: tuple[int, int] = (40, 30), **text: str) -> bytes:
    """An RGB PNG carrying `text` as tEXt chunks."""
    meta = PngImagePlugin.PngInfo()
    for key, value in text.items():
        meta.add_text(key, value)
    out = BytesIO()
    Image.new("RGB", size, (10, 200, 30)).save(out, format="PNG", pnginfo=meta)
    return out.getvalue()


def png_bomb(side: int = 7000) -> bytes:
    """A bilevel PNG of side × side pixels in a few kilobytes."""
    out = BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    """A JPEG whose EXIF names the camera and carries a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (31.0, 12.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)})
    out = BytesIO()
    Image.new("RGB", (50, 50), "blue").save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()
