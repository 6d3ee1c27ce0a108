"""Image uploads: verify with Pillow, refuse bombs, re-encode to drop metadata, store under a random name."""

import secrets
import warnings
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
# Far below Pillow's own bomb threshold: an article image has no business being larger than 40 megapixels.
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
}


class ImageRejected(ValueError):
    """The upload is not an acceptable image; the message is fit to show the user."""


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
                if probe.width * probe.height > MAX_PIXELS:
                    raise ImageRejected(_("图片尺寸过大。"))
                probe.verify()
            with Image.open(BytesIO(data)) as image:
                return _encode(image, kind), FORMATS[kind]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(_("图片尺寸过大。")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, ImageRejected):
            raise
        raise ImageRejected(_("无法识别的图片文件。")) from exc


def _encode(image: Image.Image, kind: str) -> bytes:
    """Write only pixels: no EXIF, XMP, ICC or text chunks survive."""
    out = BytesIO()
    if kind == "GIF":
        frames = getattr(image, "n_frames", 1)
        image.save(out, format="GIF", save_all=frames > 1, loop=image.info.get("loop", 0))
        return out.getvalue()
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


def image_save(data: bytes) -> str:
    """Store re-encoded image bytes under a random name in MEDIA_ROOT/uploads/; return the storage name."""
    encoded, ext = image_reencode(data)
    now = timezone.now()
    name = f"uploads/{now:%Y/%m}/{secrets.token_hex(16)}.{ext}"
    return default_storage.save(name, ContentFile(encoded))
