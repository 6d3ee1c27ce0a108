"""Image uploads (editor images and covers). The pipeline is `accounts.images`, shared with avatars: one set of
limits and one re-encoding for every picture a person sends. Its names are re-exported here for the articles
code."""

from accounts.images import (
    CONTENT_TYPES,
    DECODE_SECONDS,
    FORMATS,
    MAX_BYTES,
    MAX_DECODED_PIXELS,
    MAX_FRAMES,
    MAX_PIXELS,
    ImageRejected,
    image_reencode,
    image_save,
)

__all__ = [
    "CONTENT_TYPES",
    "DECODE_SECONDS",
    "FORMATS",
    "MAX_BYTES",
    "MAX_DECODED_PIXELS",
    "MAX_FRAMES",
    "MAX_PIXELS",
    "ImageRejected",
    "image_reencode",
    "image_save",
]
