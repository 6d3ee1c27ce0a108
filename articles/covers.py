"""Responsive cover thumbnails, made once when a cover is stored and named after it, so a page finds them without
a lookup.

Hand-written with Pillow rather than easy-thumbnails or sorl-thumbnail: those make a thumbnail on first use and
look it up on every render (a database row or a cache key per image), which would make a list page's queries grow
with its covers and put a cache round trip per image on the anonymous page cache's misses. Here the thumbnails are
`<cover>.w<width>.webp`, written next to the cover right after the bounded upload pipeline (accounts/images.py)
has verified and re-encoded it; a template builds their URLs from the cover's name alone. `manage.py covers`
makes any that are missing (covers stored before this existed).
"""

from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

# Card widths (list items, the featured area) and their 2× versions; every thumbnail is cropped to 16:10.
WIDTHS = (320, 640, 960)
RATIO = 10 / 16


def thumb_name(name: str, width: int) -> str:
    return f"{name}.w{width}.webp"


def thumbnails_make(name: str, *, force: bool = False) -> list[str]:
    """Write the thumbnails of the stored image `name` (already through the upload pipeline); return their names.
    Existing ones are kept unless `force`."""
    wanted = [w for w in WIDTHS if force or not default_storage.exists(thumb_name(name, w))]
    if not wanted:
        return []
    with default_storage.open(name, "rb") as handle, Image.open(handle) as image:
        image.draft("RGB", (max(wanted), round(max(wanted) * RATIO)))  # JPEG: decode at a reduced scale
        frame = ImageOps.exif_transpose(image.convert("RGB"))
    frame = _crop(frame)
    made = []
    for width in sorted(wanted, reverse=True):  # each from the one before: cheaper than from the original
        frame = frame.resize((width, round(width * RATIO)), Image.Resampling.LANCZOS, reducing_gap=3.0)
        out = BytesIO()
        frame.save(out, format="WEBP", quality=80, method=2)
        target = thumb_name(name, width)
        if default_storage.exists(target):
            default_storage.delete(target)
        made.append(default_storage.save(target, ContentFile(out.getvalue())))
    return made


def _crop(image: Image.Image) -> Image.Image:
    """The largest centred 16:10 part of `image`."""
    width, height = image.size
    if height > width * RATIO:
        keep = round(width * RATIO)
        top = (height - keep) // 2
        return image.crop((0, top, width, top + keep))
    keep = round(height / RATIO)
    left = (width - keep) // 2
    return image.crop((left, 0, left + keep, height))


def srcset(name: str) -> str:
    """`srcset` for the cover stored as `name`: each thumbnail's URL and width."""
    return ", ".join(f"{default_storage.url(thumb_name(name, w))} {w}w" for w in WIDTHS)


def thumb_url(name: str, width: int = 640) -> str:
    return default_storage.url(thumb_name(name, width))
