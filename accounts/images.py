"""The one pipeline for every image a person uploads (editor images, article covers, avatars).

Verify with Pillow; bound the decoding work *before* decoding (bytes, pixels per frame, frames, frames × pixels)
and while decoding (a time budget checked frame by frame); re-encode so that only pixels survive (no EXIF, XMP,
ICC, text chunks or GIF comments); store under a random name. It lives here, in the lowest app that takes
uploads (avatars), so that `articles` uses the same code for covers and body images.
"""

import secrets
import time
import warnings
from collections.abc import Iterator
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
# Far below Pillow's own bomb threshold: an article image has no business being larger than 40 megapixels.
MAX_PIXELS = 40_000_000
# An animated GIF is decoded frame by frame onto its whole canvas, so its cost is frames × width × height, not
# its file size: 300 one-pixel frames on a 6000×6000 canvas are 7 KB to send and 10.8 gigapixels to decode.
MAX_FRAMES = 300
MAX_DECODED_PIXELS = 50_000_000
# Wall-clock budget for decoding and re-encoding one upload, well inside gunicorn's 30-second worker timeout.
DECODE_SECONDS = 8.0
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
}
# What a re-encoded GIF keeps of each frame's info: how it animates, nothing that describes or identifies it.
_GIF_INFO = ("duration", "transparency", "background", "loop")


class ImageRejected(ValueError):
    """The upload is not an acceptable image; the message is fit to show the user."""


def _too_large() -> ImageRejected:
    return ImageRejected(_("图片尺寸过大（每帧最多 %(mp)d 百万像素）。") % {"mp": MAX_PIXELS // 1_000_000})


def _too_slow() -> ImageRejected:
    return ImageRejected(_("图片处理超时：请压缩图片或减少动图的帧数后再上传。"))


def image_reencode(data: bytes) -> tuple[bytes, str]:
    """Return (re-encoded bytes, extension). Raises ImageRejected for anything but a sane JPEG/PNG/GIF/WebP."""
    if len(data) > MAX_BYTES:
        raise ImageRejected(_("图片不能超过 5 MB。"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as probe:
                kind = probe.format
                if kind not in FORMATS:
                    raise ImageRejected(_("只支持 JPEG、PNG、GIF 或 WebP 图片。"))
                _work_check(probe, kind)
                probe.verify()
            deadline = time.monotonic() + DECODE_SECONDS
            with Image.open(BytesIO(data)) as image:
                return _encode(image, kind, deadline), FORMATS[kind]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_large() from exc
    except ImageRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError) as exc:
        # Pillow reports a damaged file with any of these, depending on the format and where the damage is.
        raise ImageRejected(_("无法识别的图片文件。")) from exc


def _work_check(probe: Image.Image, kind: str) -> None:
    """Refuse, from the headers alone, an image whose decoding would cost too much. Counting a GIF's frames skips
    their pixel data; only a GIF is re-encoded with all its frames (the other formats keep their first)."""
    pixels = probe.width * probe.height
    if pixels > MAX_PIXELS:
        raise _too_large()
    frames = getattr(probe, "n_frames", 1) if kind == "GIF" else 1
    if frames > MAX_FRAMES or frames * pixels > MAX_DECODED_PIXELS:
        raise ImageRejected(
            _(
                "动图过大：最多 %(frames)d 帧，且帧数×宽×高不超过 %(mp)d 百万像素"
                "（这张图有 %(n)d 帧，每帧 %(w)d×%(h)d）。"
            )
            % {
                "frames": MAX_FRAMES,
                "mp": MAX_DECODED_PIXELS // 1_000_000,
                "n": frames,
                "w": probe.width,
                "h": probe.height,
            }
        )


def _encode(image: Image.Image, kind: str, deadline: float) -> bytes:
    """Write only pixels: no EXIF, XMP, ICC or text chunks survive."""
    out = BytesIO()
    if kind == "GIF":
        animated = image.n_frames > 1  # counted before decoding starts: counting seeks back to the first frame
        frames = _gif_frames(image, deadline)
        first = next(frames)
        first.save(out, format="GIF", save_all=animated, append_images=frames, loop=first.info.get("loop", 0))
        if time.monotonic() > deadline:
            raise _too_slow()
        return out.getvalue()
    image.load()
    if time.monotonic() > deadline:
        raise _too_slow()
    image = ImageOps.exif_transpose(image)
    if kind == "JPEG":
        image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    elif kind == "PNG":
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, format="PNG", optimize=True)
    else:
        image.convert("RGBA" if "A" in image.getbands() else "RGB").save(out, format="WEBP", quality=85)
    return out.getvalue()


def _gif_frames(image: Image.Image, deadline: float) -> Iterator[Image.Image]:
    """Each frame decoded in turn, as a copy that carries only how it animates. The budget is checked before
    each frame, so a file that is slower to decode than its headers promised stops within one frame."""
    for frame in ImageSequence.Iterator(image):
        if time.monotonic() > deadline:
            raise _too_slow()
        if frame.width * frame.height > MAX_PIXELS:  # a later frame may widen the canvas
            raise _too_large()
        copy = frame.copy()
        copy.info = {key: frame.info[key] for key in _GIF_INFO if key in frame.info}
        yield copy


def image_save(data: bytes, *, folder: str = "uploads") -> str:
    """Store re-encoded image bytes under a random name in MEDIA_ROOT/<folder>/; return the storage name."""
    encoded, ext = image_reencode(data)
    now = timezone.now()
    name = f"{folder}/{now:%Y/%m}/{secrets.token_hex(16)}.{ext}"
    return default_storage.save(name, ContentFile(encoded))
