"""Bad input ends in a form error, a 403 or a 404 with a message: never a 500, never a half-saved article."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles import services
from articles.models import Article, ArticleRevision
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FORM = {
    "title": "内容营销的复利",
    "body": "<p>持续输出。</p>",
    "summary": "",
    "source": "",
    "tags": "",
    "action": "save",
}


@pytest.mark.parametrize(("title", "message"), [("", "这个字段是必填项"), ("长" * 300, "100")])
def test_bad_titles_are_form_errors(client, author, title, message):
    client.force_login(author)
    response = client.post("/write/", {**FORM, "title": title})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_ten_megabyte_body_is_a_form_error(client, author):
    client.force_login(author)
    response = client.post("/write/", {**FORM, "body": "<p>" + "字" * (10 * 1024 * 1024 // 3) + "</p>"})
    assert response.status_code == 400
    assert not Article.objects.exists()


def test_body_of_only_markup_is_a_form_error(client, author):
    client.force_login(author)
    response = client.post("/write/", {**FORM, "body": "<p>&nbsp;</p><script>x</script>"})
    assert response.status_code == 400
    assert "正文不能为空" in response.content.decode()


def test_non_image_cover_is_a_form_error_and_nothing_is_saved(client, author):
    client.force_login(author)
    cover = SimpleUploadedFile("cover.jpg", b"GIF89a<?php evil(); ?>")
    response = client.post("/write/", {**FORM, "cover": cover})
    assert response.status_code == 400
    assert "无法识别的图片文件" in response.content.decode()
    assert not Article.objects.exists()


def test_image_cover_is_stored_re_encoded(client, author, settings):
    out = BytesIO()
    Image.new("RGB", (80, 60), "red").save(out, format="PNG")
    client.force_login(author)
    client.post("/write/", {**FORM, "cover": SimpleUploadedFile("c.png", out.getvalue())})
    article = Article.objects.get()
    assert article.cover.name.startswith("uploads/")
    assert Image.open(settings.MEDIA_ROOT / article.cover.name).format == "PNG"


def test_too_many_tags_is_a_form_error(client, author):
    client.force_login(author)
    response = client.post("/write/", {**FORM, "tags": " ".join(f"t{i}" for i in range(11))})
    assert response.status_code == 400
    assert not Article.objects.exists()


def test_unknown_action_changes_nothing(client, author):
    client.force_login(author)
    response = client.post("/write/", {**FORM, "action": "delete-everything"})
    assert response.status_code == 400
    assert not Article.objects.exists()


def test_failed_check_hand_off_leaves_no_half_saved_article(author, monkeypatch):
    draft = services.article_create(user=author, title="草稿", body="<p>正文</p>")

    def broken(**kwargs):
        raise RuntimeError("check pipeline down")

    monkeypatch.setattr(services.common, "check_submit", broken)
    with pytest.raises(RuntimeError):
        services.article_publish(article=draft, user=author)
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert draft.pending_revision is None
    assert draft.revisions.get().status == ArticleRevision.Status.SAVED


def test_unknown_article_edit_is_404(client, author):
    client.force_login(author)
    assert client.get("/write/999999/").status_code == 404


def test_unknown_category_and_tag_are_404(client):
    assert client.get("/category/nope/").status_code == 404
    assert client.get("/tag/nope/").status_code == 404


def test_bad_page_number_shows_the_last_page(client, article):
    assert client.get("/?page=9999").status_code == 200
    assert client.get("/?page=abc").status_code == 200


def test_editing_an_article_under_check_is_refused(client, author, monkeypatch):
    monkeypatch.setattr(services.common, "check_submit", lambda **kwargs: None)
    article = services.article_publish(article=services.article_create(user=author, title="t", body="<p>b</p>"),
                                       user=author)  # fmt: skip
    client.force_login(author)
    response = client.post(f"/write/{article.pk}/", FORM)
    assert response.status_code == 409
    assert "不能编辑" in response.content.decode()


def test_deciding_twice_is_refused(contributor, editor):
    article = services.article_submit(
        article=services.article_create(user=contributor, title="t", body="<p>b</p>"), user=contributor
    )
    services.article_reject(article=article, editor=editor, reason="不合适")
    with pytest.raises(services.ArticleError) as exc:
        services.article_accept(article=article, editor=editor)
    assert exc.value.status == 409


def test_published_contribution_cannot_be_edited_by_the_contributor(contributor):
    article = ArticleFactory(author=contributor, contributor=contributor)
    with pytest.raises(services.ArticleError) as exc:
        services.article_update(article=article, user=contributor, title="改", body="<p>改</p>")
    assert exc.value.status == 403
