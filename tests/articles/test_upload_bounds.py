"""Issue 11 item 1: an upload's decoding work is bounded before any pixel is decoded (frames × width × height) and
while decoding (a time budget), for editor images and article covers alike; uploads are rate-limited per user."""

import time
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts import images
from articles.models import Article
from core.ratelimits import rate
from tests.accounts import imagedata

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return imagedata.gif_bomb()


def _upload(client, data: bytes, name: str = "a.gif"):
    return client.post("/upload/image/", {"upload": SimpleUploadedFile(name, data)})


def _stored(response, settings):
    return settings.MEDIA_ROOT / response.json()["url"].removeprefix("/media/")


def test_gif_of_hundreds_of_frames_on_a_huge_canvas_is_refused_quickly(client, author, bomb):
    client.force_login(author)
    started = time.monotonic()
    response = _upload(client, bomb)
    elapsed = time.monotonic() - started
    assert response.status_code == 400
    assert "动图过大" in response.json()["error"]["message"]
    assert elapsed < 3, f"refusing took {elapsed:.1f}s: the frames were decoded"


def test_two_full_frames_on_a_36_megapixel_canvas_exceed_the_decoding_budget(client, author):
    client.force_login(author)
    response = _upload(client, imagedata.gif((6000, 6000), 2))
    assert response.status_code == 400
    assert "帧数×宽×高" in response.json()["error"]["message"]


def test_too_many_frames_are_refused_however_small(client, author):
    client.force_login(author)
    response = _upload(client, imagedata.gif((4, 4), images.MAX_FRAMES + 5))
    assert response.status_code == 400
    assert "动图过大" in response.json()["error"]["message"]


def test_a_small_animated_gif_stays_animated(client, author, settings):
    client.force_login(author)
    response = _upload(client, imagedata.gif((60, 40), 5))
    assert response.status_code == 200
    stored = Image.open(_stored(response, settings))
    assert stored.format == "GIF"
    assert stored.n_frames == 5
    assert stored.info.get("duration") == 80


def test_gif_comments_are_dropped(client, author, settings):
    client.force_login(author)
    response = _upload(client, imagedata.gif((20, 20), 3, comment=b"SecretCam at 31.2N 121.4E"))
    assert response.status_code == 200
    assert "comment" not in Image.open(_stored(response, settings)).info
    assert b"SecretCam" not in _stored(response, settings).read_bytes()


@pytest.mark.parametrize(("make", "name"), [(lambda: imagedata.gif((30, 30), 4), "a.gif"), (imagedata.png, "a.png")])
def test_decoding_past_the_time_budget_is_refused(client, author, monkeypatch, make, name):
    # Given a budget already spent when decoding starts (a file slower to decode than its headers promise)
    monkeypatch.setattr(images, "DECODE_SECONDS", -1.0)
    client.force_login(author)
    response = _upload(client, make(), name)
    assert response.status_code == 400
    assert "超时" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: imagedata.gif((30, 30), 4)[:-40], id="truncated-gif"),
        pytest.param(lambda: imagedata.png()[:60], id="truncated-png"),
        pytest.param(lambda: b"GIF89a" + b"\xff" * 40, id="gif-header-only"),
        pytest.param(lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, id="png-signature-only"),
    ],
)
def test_damaged_images_are_refused_with_a_message(client, author, make):
    client.force_login(author)
    response = _upload(client, make())
    assert response.status_code == 400
    assert response.json()["error"]["message"]


COVER_FORM = {"title": "封面测试", "body": "<p>正文。</p>", "summary": "", "source": "", "tags": "", "action": "save"}


def test_a_gif_bomb_cover_is_a_form_error_quickly_and_nothing_is_saved(client, author, bomb):
    client.force_login(author)
    started = time.monotonic()
    response = client.post("/write/", {**COVER_FORM, "cover": SimpleUploadedFile("c.gif", bomb)})
    assert time.monotonic() - started < 3
    assert response.status_code == 400
    assert "动图过大" in response.content.decode()
    assert response.context["form"]["title"].value() == "封面测试"  # what was typed is shown again
    assert not Article.objects.exists()


def test_uploads_beyond_the_rate_are_refused_with_a_message_the_editor_shows(client, author):
    allowed, _ = rate("upload")
    client.force_login(author)
    for _ in range(allowed):
        assert _upload(client, imagedata.png((4, 4)), "a.png").status_code == 200
    response = _upload(client, imagedata.png((4, 4)), "a.png")
    assert response.status_code == 429
    assert "频繁" in response.json()["error"]["message"]


def test_the_upload_rate_is_per_user(client, author, contributor):
    allowed, _ = rate("upload")
    client.force_login(author)
    for _ in range(allowed + 1):
        _upload(client, imagedata.png((4, 4)), "a.png")
    client.force_login(contributor)
    assert _upload(client, imagedata.png((4, 4)), "a.png").status_code == 200


def test_the_stored_image_is_readable_after_the_bounds(client, author, settings):
    client.force_login(author)
    out = BytesIO()
    Image.new("RGB", (2000, 1500), "white").save(out, format="JPEG")
    response = _upload(client, out.getvalue(), "big.jpg")
    assert response.status_code == 200
    assert Image.open(_stored(response, settings)).size == (2000, 1500)
