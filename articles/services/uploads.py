"""Images that writers upload: an article's cover and the pictures in its body (through the editor)."""

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from accounts.models import User

from .. import covers, images
from .common import ArticleError, refuse_unless_may_write


def cover_store(cover: UploadedFile | None) -> str | None:
    """The stored name of a cover image, or None when none was given. Caller has checked the writer may write."""
    if cover is None:
        return None
    if cover.size and cover.size > images.MAX_BYTES:
        raise ArticleError(_("图片不能超过 5 MB。"), field="cover")
    try:
        name = images.image_save(cover.read(images.MAX_BYTES + 1))
    except images.ImageRejected as exc:
        raise ArticleError(str(exc), field="cover") from exc
    covers.thumbnails_make(name)  # once, here: pages build the thumbnails' URLs from the name (articles/covers.py)
    return name


def image_upload(*, user: User, upload: UploadedFile) -> str:
    """Store an editor image upload; return its public URL. Raises ArticleError for anything but a sane image."""
    refuse_unless_may_write(user)
    if upload.size and upload.size > images.MAX_BYTES:
        raise ArticleError(_("图片不能超过 5 MB。"))
    try:
        name = images.image_save(upload.read(images.MAX_BYTES + 1))
    except images.ImageRejected as exc:
        raise ArticleError(str(exc)) from exc
    return default_storage.url(name)
