"""Issue 11 item 1: the avatar goes through the upload pipeline (random name, metadata dropped, the pixel and
decoding caps), instead of being stored as sent."""

import time
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import User
from tests.accounts import imagedata

pytestmark = pytest.mark.django_db


def _profile(client, avatar: bytes, name: str):
    return client.post(
        "/accounts/profile/", {"display_name": "爱丽丝", "bio": "", "avatar": SimpleUploadedFile(name, avatar)}
    )


def _stored(reader, settings):
    return settings.MEDIA_ROOT / User.objects.get(pk=reader.pk).avatar.name


def test_avatar_is_stored_under_a_random_name_without_exif_or_gps(client, reader, settings):
    sent = imagedata.jpeg_with_gps()
    assert Image.open(BytesIO(sent)).getexif().get_ifd(0x8825)  # the upload does carry a position
    client.force_login(reader)
    assert _profile(client, sent, "alice-at-home.jpg").status_code == 302
    name = User.objects.get(pk=reader.pk).avatar.name
    assert name.startswith("avatars/")
    assert "alice" not in name
    stored = Image.open(_stored(reader, settings))
    assert not stored.getexif()
    assert b"SecretCamera" not in _stored(reader, settings).read_bytes()


def test_avatar_png_text_chunks_are_dropped(client, reader, settings):
    client.force_login(reader)
    assert _profile(client, imagedata.png(Comment="home: 1 Secret Road"), "me.png").status_code == 302
    stored = Image.open(_stored(reader, settings))
    assert stored.format == "PNG"
    assert "Comment" not in stored.info
    assert b"Secret Road" not in _stored(reader, settings).read_bytes()


def test_avatar_gif_bomb_is_a_form_error_quickly(client, reader):
    bomb = imagedata.gif_bomb()
    client.force_login(reader)
    started = time.monotonic()
    response = _profile(client, bomb, "me.gif")
    assert time.monotonic() - started < 3
    assert response.status_code == 400
    assert "动图过大" in response.content.decode()
    assert not User.objects.get(pk=reader.pk).avatar


def test_avatar_over_the_pixel_cap_is_a_form_error(client, reader):
    client.force_login(reader)
    response = _profile(client, imagedata.png_bomb(), "big.png")
    assert response.status_code == 400
    assert "过大" in response.content.decode()
    assert response.context["form"]["display_name"].value() == "爱丽丝"  # what was typed is shown again
    assert not User.objects.get(pk=reader.pk).avatar


def test_the_user_admin_cannot_store_an_avatar_past_the_pipeline(client, reader):
    admin = User.objects.create_superuser("root", "root@example.com", "pw-Admin-12345", display_name="管理员")
    client.force_login(admin)
    page = client.get(f"/admin/accounts/user/{reader.pk}/change/").content.decode()
    assert 'type="file"' not in page  # shown, not uploaded: an avatar comes only through the profile form
