from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

pytestmark = pytest.mark.django_db


def _image(fmt: str = "PNG", size=(40, 30), **save) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (200, 80, 20)).save(out, format=fmt, **save)
    return out.getvalue()


def _post(client, data: bytes, name: str = "a.png"):
    return client.post("/upload/image/", {"upload": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "WEBP"])
def test_contributor_uploads_an_image(client, contributor, fmt, settings):
    client.force_login(contributor)
    response = _post(client, _image(fmt), f"a.{fmt.lower()}")
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith("/media/uploads/")
    stored = settings.MEDIA_ROOT / url.removeprefix("/media/")
    assert Image.open(stored).format == fmt


def test_uploaded_name_is_random_not_the_client_name(client, author):
    client.force_login(author)
    url = _post(client, _image(), "../../etc/passwd.png").json()["url"]
    assert "passwd" not in url


def test_metadata_is_dropped(client, author, settings):
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    client.force_login(author)
    url = _post(client, _image("JPEG", exif=exif.tobytes()), "a.jpg").json()["url"]
    stored = Image.open(settings.MEDIA_ROOT / url.removeprefix("/media/"))
    assert not stored.getexif()


def test_non_image_is_refused(client, author):
    client.force_login(author)
    response = _post(client, b"<html><script>alert(1)</script></html>", "evil.png")
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_svg_is_refused(client, author):
    client.force_login(author)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert _post(client, svg, "a.svg").status_code == 400


def test_image_bomb_is_refused(client, author):
    out = BytesIO()
    Image.new("1", (12000, 12000)).save(out, format="PNG")  # 144 megapixels in a few kilobytes
    client.force_login(author)
    response = _post(client, out.getvalue())
    assert response.status_code == 400
    assert "过大" in response.json()["error"]["message"]


def test_file_over_5mb_is_refused(client, author):
    client.force_login(author)
    response = _post(client, _image() + b"\0" * (5 * 1024 * 1024))
    assert response.status_code == 400


def test_anonymous_cannot_upload(client):
    response = _post(client, _image())
    assert response.status_code == 302


def test_media_is_served_as_an_image_that_cannot_run(client, author):
    client.force_login(author)
    url = _post(client, _image()).json()["url"]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_media_serves_no_html(client, settings):
    (settings.MEDIA_ROOT / "uploads").mkdir(parents=True)
    (settings.MEDIA_ROOT / "uploads" / "x.html").write_text("<script>alert(1)</script>")
    assert client.get("/media/uploads/x.html").status_code == 404


def test_media_refuses_path_traversal(client):
    assert client.get("/media/../cms/settings/base.py").status_code == 404
    assert client.get("/media/..%2f..%2fetc%2fpasswd.png").status_code == 404
