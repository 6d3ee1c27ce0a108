"""Item 2: phone verification (后台实名) before publishing, contributing and commenting; SMS through a backend."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts import phone as phone_services
from accounts import sms
from accounts.models import PhoneCode
from accounts.services import AccountError
from articles.models import Article, Comment
from tests.factories import UserFactory

PHONE = "13800138000"


@pytest.fixture(autouse=True)
def _console_sms(settings):
    settings.SMS_BACKEND = "accounts.sms.ConsoleBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def required(settings):
    settings.PHONE_VERIFICATION_REQUIRED = True


def last_code() -> str:
    return sms.outbox[-1][2]["code"]


@pytest.mark.django_db
def test_comment_is_refused_without_a_verified_phone_and_says_where_to_verify(client, required, published_article):
    reader = UserFactory()
    client.force_login(reader)
    response = client.post(reverse("articles:comment", args=[published_article.slug]), {"body": "我来说两句"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "需要先验证手机号" in html
    assert reverse("privacy:phone") in html
    assert "我来说两句" in html  # what was typed is given back
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_publishing_and_contributing_are_refused_without_a_verified_phone(client, required, author):
    client.force_login(author)
    for action in ("publish", "submit"):
        response = client.post(reverse("articles:write"), {"title": "标题", "body": "<p>正文</p>", "action": action})
        assert response.status_code == 403
        assert reverse("privacy:phone") in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_verified_phone_lets_the_account_comment(client, required, published_article):
    reader = UserFactory()
    client.force_login(reader)
    page = reverse("privacy:phone")
    response = client.post(page, {"phone": "+86 138-0013-8000", "action": "send"})
    assert response.status_code == 200
    assert sms.outbox[-1][0] == PHONE
    assert last_code() in sms.outbox[-1][1]
    response = client.post(page, {"phone": PHONE, "code": last_code(), "action": "verify"})
    assert response.status_code == 302
    reader.refresh_from_db()
    assert reader.phone == PHONE
    assert reader.phone_verified_at is not None
    client.post(reverse("articles:comment", args=[published_article.slug]), {"body": "验证后可以评论"})
    assert Comment.objects.filter(author=reader).exists()


@pytest.mark.django_db
def test_code_is_stored_hashed(reader):
    row = phone_services.phone_code_send(user=reader, phone=PHONE)
    assert last_code() not in row.code_hash
    assert len(row.code_hash) == 64


@pytest.mark.django_db
def test_code_expires_after_five_minutes(reader):
    phone_services.phone_code_send(user=reader, phone=PHONE)
    code = last_code()
    with time_machine.travel(timezone.now() + timedelta(minutes=5, seconds=1)), pytest.raises(AccountError) as exc:
        phone_services.phone_verify(user=reader, phone=PHONE, code=code)
    assert "过期" in exc.value.message


@pytest.mark.django_db
def test_code_dies_after_five_wrong_tries(reader):
    phone_services.phone_code_send(user=reader, phone=PHONE)
    code = last_code()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(AccountError):
            phone_services.phone_verify(user=reader, phone=PHONE, code=wrong)
    assert PhoneCode.objects.get().attempts == 5  # each wrong try was kept although the call raised
    with pytest.raises(AccountError) as exc:
        phone_services.phone_verify(user=reader, phone=PHONE, code=code)
    assert "次数过多" in exc.value.message


@pytest.mark.django_db
def test_sends_are_limited_per_number(settings, reader):
    settings.RATELIMITS = {**settings.RATELIMITS, "sms_phone": "2/h"}
    phone_services.phone_code_send(user=reader, phone=PHONE)
    with pytest.raises(AccountError) as cooldown:  # a second code within a minute: wait
        phone_services.phone_code_send(user=reader, phone=PHONE)
    assert cooldown.value.status == 400
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        phone_services.phone_code_send(user=reader, phone=PHONE)
    with time_machine.travel(timezone.now() + timedelta(minutes=4)), pytest.raises(AccountError) as limit:
        phone_services.phone_code_send(user=UserFactory(), phone=PHONE)  # per number, whichever account asks
    assert limit.value.status == 429


@pytest.mark.django_db
def test_sends_are_limited_per_ip(client, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "sms_ip": "2/h"}
    client.force_login(UserFactory())
    statuses = [
        client.post(reverse("privacy:phone"), {"phone": f"1390000000{i}", "action": "send"}).status_code
        for i in range(3)
    ]
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_a_number_verifies_one_account(reader):
    phone_services.phone_code_send(user=reader, phone=PHONE)
    phone_services.phone_verify(user=reader, phone=PHONE, code=last_code())
    other = UserFactory()
    with pytest.raises(AccountError) as exc:
        phone_services.phone_code_send(user=other, phone=PHONE)
    assert "其他账号" in exc.value.message


@pytest.mark.parametrize("raw", ["12345678901", "1380013800", "02012345678", "abc"])
def test_only_mainland_mobiles_are_accepted(raw):
    with pytest.raises(AccountError):
        phone_services.phone_normalise(raw)


@pytest.mark.django_db
def test_the_owner_sees_the_number_masked_and_nobody_sees_it_public(client, reader, published_article):
    phone_services.phone_code_send(user=reader, phone=PHONE)
    phone_services.phone_verify(user=reader, phone=PHONE, code=last_code())
    client.force_login(reader)
    own = client.get(reverse("accounts:profile")).content.decode()
    assert "138****8000" in own
    assert PHONE not in own
    client.post(reverse("articles:comment", args=[published_article.slug]), {"body": "公开的评论"})
    client.logout()
    public = client.get(published_article.get_absolute_url()).content.decode()
    public += client.get(reverse("articles:author", args=[reader.username])).content.decode()
    assert PHONE not in public
    assert "138****8000" not in public


# --- Aliyun adapter ----------------------------------------------------------------------------------------------


def test_aliyun_signature_matches_the_documented_example():
    # The example of Aliyun's SMS "HTTP 协议及签名" page (testId / testSecret).
    params = {
        "AccessKeyId": "testId",
        "Action": "SendSms",
        "Format": "XML",
        "OutId": "123",
        "PhoneNumbers": "15300000001",
        "RegionId": "cn-hangzhou",
        "SignName": "阿里云短信测试专用",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
        "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007",
        "TemplateParam": '{"customer":"test"}',
        "Timestamp": "2017-07-12T02:42:19Z",
        "Version": "2017-05-25",
    }
    assert sms.aliyun_signature(params, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


class FakeAliyun(BaseHTTPRequestHandler):
    """Checks each request's signature as Aliyun does and answers like Dysmsapi."""

    secret = "fake-secret"
    requests: list[dict] = []
    answer = {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "F655A8D5"}

    def do_GET(self) -> None:
        query = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        FakeAliyun.requests.append(query)
        signature = query.pop("Signature", "")
        if signature != sms.aliyun_signature(query, self.secret):
            status, body = 400, {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched"}
        else:
            status, body = 200, FakeAliyun.answer
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def fake_aliyun(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeAliyun)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeAliyun.requests = []
    FakeAliyun.answer = {"Code": "OK", "Message": "OK", "BizId": "1", "RequestId": "R"}
    settings.SMS_BACKEND = "accounts.sms.AliyunBackend"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = "fake-id"
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = FakeAliyun.secret
    settings.SMS_ALIYUN_SIGN_NAME = "营销观察"
    settings.SMS_ALIYUN_TEMPLATE_CODE = "SMS_123456"
    settings.SMS_ALIYUN_ENDPOINT = f"http://127.0.0.1:{server.server_port}/"
    yield FakeAliyun
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_aliyun_backend_sends_a_signed_sendsms_request(fake_aliyun, reader):
    row = phone_services.phone_code_send(user=reader, phone=PHONE)
    (request,) = fake_aliyun.requests
    assert request["Action"] == "SendSms"
    assert request["Version"] == "2017-05-25"
    assert request["PhoneNumbers"] == PHONE
    assert request["SignName"] == "营销观察"
    assert request["TemplateCode"] == "SMS_123456"
    assert request["AccessKeyId"] == "fake-id"
    code = json.loads(request["TemplateParam"])["code"]
    assert len(code) == 6
    phone_services.phone_verify(user=reader, phone=PHONE, code=code)  # the code that went out is the one stored
    row.refresh_from_db()
    assert row.used_at is not None


@pytest.mark.django_db
def test_aliyun_refusal_is_a_form_error_and_the_code_is_void(fake_aliyun, reader):
    fake_aliyun.answer = {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发号码天级流控"}
    with pytest.raises(AccountError) as exc:
        phone_services.phone_code_send(user=reader, phone=PHONE)
    assert exc.value.field == "phone"
    assert PhoneCode.objects.get().used_at is not None  # counted against the number, never valid


@pytest.mark.django_db
def test_aliyun_wrong_secret_is_refused_by_the_server(fake_aliyun, settings, reader):
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "not-the-secret"
    with pytest.raises(AccountError):
        phone_services.phone_code_send(user=reader, phone=PHONE)
    assert fake_aliyun.requests  # it did reach the server, which refused the signature
