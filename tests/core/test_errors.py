"""One error shape, one helper: a 400 becomes a form error beside its field; anything else its 4xx page."""

import pytest
from django import forms
from django.test import RequestFactory

from core.errors import ApplicationError, error_response

pytestmark = pytest.mark.django_db


class NameForm(forms.Form):
    name = forms.CharField()


def _request():
    request = RequestFactory().post("/", {"name": "typed text"})
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return request


def test_bad_input_goes_beside_its_field_and_keeps_what_was_typed():
    form = NameForm({"name": "typed text"})
    assert form.is_valid()
    assert error_response(_request(), ApplicationError("名字不能用", field="name"), form=form) is None
    assert form.errors["name"] == ["名字不能用"]
    assert form["name"].value() == "typed text"


def test_an_unknown_field_puts_the_error_on_top_of_the_form():
    form = NameForm({"name": "x"})
    form.is_valid()
    error_response(_request(), ApplicationError("不行", field="nope"), form=form)
    assert form.non_field_errors() == ["不行"]


@pytest.mark.parametrize("status", [403, 404, 410, 429])
def test_other_statuses_answer_their_page_with_the_message(status):
    form = NameForm({"name": "x"})
    response = error_response(_request(), ApplicationError("您不能这样做", status=status), form=form)
    assert response.status_code == status
    assert "您不能这样做" in response.content.decode()
    assert not form.errors


def test_bad_input_without_a_form_is_a_400_page():
    response = error_response(_request(), ApplicationError("参数错误"))
    assert response.status_code == 400


def test_each_apps_error_is_an_application_error():
    from accounts.services import AccountError
    from articles.services import ArticleError
    from moderation.services import ModerationError

    for error_type in (AccountError, ArticleError, ModerationError):
        error = error_type("x", status=403)
        assert isinstance(error, ApplicationError)
        assert (error.message, error.status) == ("x", 403)


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/search/?q=a%00b", {}),
        ("get", "/admin/moderation/case/?status=%00", {}),
        ("post", "/accounts/login/", {"username": "a\x00", "password": "x"}),
        ("get", "/?page=1&%00=x", {}),
    ],
)
def test_a_nul_character_anywhere_in_the_input_is_a_400_page(client, admin_user, method, path, data):
    client.force_login(admin_user)
    client.raise_request_exception = False
    response = getattr(client, method)(path, data)
    assert response.status_code == 400
    assert "400" in response.content.decode()
