"""Sending SMS: a pluggable backend named by `settings.SMS_BACKEND`, like Django's e-mail backends.

- `ConsoleBackend` (the default) prints each message and keeps it in `outbox`, as Django's locmem mail backend
  does, so that tests and the browser journeys can read the code that was "sent".
- `AliyunBackend` sends through Aliyun's SMS API (Dysmsapi `SendSms`, version 2017-05-25), an RPC-style GET signed
  with HMAC-SHA1 as Aliyun documents it ("签名机制": percent-encode each sorted `key=value`, sign
  `GET&%2F&<encoded query>` with `AccessKeySecret&`). Written here rather than with the official SDK
  (`alibabacloud_dysmsapi20170525`): the SDK pulls in its Tea runtime and OpenAPI client (some ten packages) for
  one signed GET, and the signing is pinned by the documented example in the tests.

A backend's `send(phone=..., text=..., params=...)` raises `SmsError` when the message was not accepted.
"""

import base64
import hashlib
import hmac
import json
import logging
import sys
import uuid
from datetime import UTC, datetime
from urllib.error import URLError
from urllib.parse import quote, urlencode
from urllib.request import urlopen

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# What ConsoleBackend has sent in this process: (phone, text, params), newest last.
outbox: list[tuple[str, str, dict]] = []


class SmsError(Exception):
    """The provider did not accept the message (the text says why, for the log; never shown to users)."""


class ConsoleBackend:
    def send(self, *, phone: str, text: str, params: dict) -> None:
        outbox.append((phone, text, dict(params)))
        sys.stdout.write(f"[SMS to {phone}] {text}\n")
        sys.stdout.flush()


def _percent(value: str) -> str:
    """Aliyun's percent-encoding: RFC 3986 unreserved characters kept, space as %20, '*' as %2A, '~' kept."""
    return quote(value, safe="~")


def aliyun_signature(params: dict[str, str], secret: str, *, method: str = "GET") -> str:
    """The `Signature` of an Aliyun RPC request (SignatureVersion 1.0, HMAC-SHA1)."""
    canonical = "&".join(f"{_percent(k)}={_percent(v)}" for k, v in sorted(params.items()))
    string_to_sign = f"{method}&{_percent('/')}&{_percent(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunBackend:
    """Aliyun SMS (短信服务). Settings: SMS_ALIYUN_ACCESS_KEY_ID, SMS_ALIYUN_ACCESS_KEY_SECRET, SMS_ALIYUN_SIGN_NAME,
    SMS_ALIYUN_TEMPLATE_CODE (a template with a ${code} variable), SMS_ALIYUN_ENDPOINT, SMS_ALIYUN_REGION."""

    timeout = 5  # seconds: the user is waiting on the page

    def __init__(self) -> None:
        self.key_id = settings.SMS_ALIYUN_ACCESS_KEY_ID
        self.secret = settings.SMS_ALIYUN_ACCESS_KEY_SECRET
        self.sign_name = settings.SMS_ALIYUN_SIGN_NAME
        self.template = settings.SMS_ALIYUN_TEMPLATE_CODE
        self.endpoint = settings.SMS_ALIYUN_ENDPOINT
        self.region = settings.SMS_ALIYUN_REGION

    def request_params(self, *, phone: str, params: dict, nonce: str, timestamp: str) -> dict[str, str]:
        return {
            "AccessKeyId": self.key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": phone,
            "RegionId": self.region,
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce,
            "SignatureVersion": "1.0",
            "TemplateCode": self.template,
            "TemplateParam": json.dumps(params, ensure_ascii=False, separators=(",", ":")),
            "Timestamp": timestamp,
            "Version": "2017-05-25",
        }

    def send(self, *, phone: str, text: str, params: dict) -> None:
        query = self.request_params(
            phone=phone,
            params=params,
            nonce=uuid.uuid4().hex,
            timestamp=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        query["Signature"] = aliyun_signature(query, self.secret)
        url = f"{self.endpoint.rstrip('/')}/?{urlencode(query, quote_via=quote)}"
        try:
            with urlopen(url, timeout=self.timeout) as response:  # noqa: S310 - the configured https endpoint
                body = json.loads(response.read().decode() or "{}")
        except (URLError, OSError, ValueError) as exc:
            # An HTTPError (4xx with Aliyun's JSON error body) lands here too: log its code, not the number.
            raise SmsError(f"Aliyun SMS request failed: {exc}") from exc
        if body.get("Code") != "OK":
            raise SmsError(f"Aliyun SMS refused: {body.get('Code')} {body.get('Message')}")


def sms_send(*, phone: str, text: str, params: dict) -> None:
    """Send through the configured backend."""
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(phone=phone, text=text, params=params)
