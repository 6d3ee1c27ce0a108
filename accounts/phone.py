"""Phone verification (后台实名、前台自愿): an account proves a mainland mobile number with an SMS code.

The number is stored on the user (unique: one number verifies one account) and never shown publicly; its owner
sees it masked (138****1234). Codes are six digits, stored only as a keyed hash, expire after
`settings.PHONE_CODE_TTL` seconds and die after `settings.PHONE_CODE_MAX_ATTEMPTS` wrong tries. Sends are limited per
number here (counted in the database: exact across processes, `RATELIMITS["sms_phone"]`) and per IP by the view
(`RATELIMITS["sms_ip"]`). `accounts.policy.write_refusal` refuses publishing, contributing and commenting until a
number is verified when `settings.PHONE_VERIFICATION_REQUIRED` is on.

Kept beside `services.py` (not in it) because it is one noun with its own rules; the functions follow the
services' conventions (keyword-only, typed, `AccountError`).
"""

import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from core.ratelimits import rate

from . import sms
from .models import PhoneCode, User
from .services import AccountError

# Mainland mobile numbers: 11 digits starting 13-19 (MIIT's numbering plan). A regular expression rather than the
# `phonenumbers` library: only mainland mobiles are accepted, and their shape is this one fixed rule.
MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")
RESEND_AFTER = timedelta(seconds=60)


def phone_normalise(raw: str) -> str:
    """ "+86 138-0013-8000" -> "13800138000"; anything that is not a mainland mobile is a form error."""
    digits = re.sub(r"[\s\-()]", "", raw or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not MAINLAND_MOBILE.match(digits):
        raise AccountError(_("请输入有效的中国大陆手机号（11 位）。"), field="phone")
    return digits


def _code_hash(phone: str, code: str) -> str:
    return salted_hmac("accounts.phone_code", f"{phone}:{code}", algorithm="sha256").hexdigest()


def phone_code_send(*, user: User, phone: str) -> PhoneCode:
    """Send a new code to `phone` for `user`. Refused for a number another account verified, and beyond the limits.

    Not one transaction with the provider call: the row is written first, so that a failed send still counts
    against the number's limit (a provider outage must not turn into unlimited retries)."""
    phone = phone_normalise(phone)
    if user.phone == phone and user.phone_verified_at is not None:
        raise AccountError(_("这个手机号已经验证过了。"), field="phone")
    if User.objects.filter(phone=phone).exclude(pk=user.pk).exists():
        raise AccountError(_("这个手机号已绑定其他账号。一个手机号只能验证一个账号。"), field="phone")
    now = timezone.now()
    count, seconds = rate("sms_phone")
    with transaction.atomic():
        # Lock the account's row: two sends at once for one account are counted one after the other.
        User.objects.select_for_update().filter(pk=user.pk).first()
        recent = PhoneCode.objects.filter(phone=phone, created_at__gte=now - timedelta(seconds=seconds))
        if recent.count() >= count:
            raise AccountError(_("这个手机号获取验证码过于频繁，请稍后再试。"), status=429)
        last = recent.order_by("-created_at").first()
        if last is not None and last.created_at > now - RESEND_AFTER:
            wait = int((last.created_at + RESEND_AFTER - now).total_seconds()) + 1
            raise AccountError(_("验证码已发送，请 %(s)d 秒后再重新获取。") % {"s": wait}, field="phone")
        code = f"{secrets.randbelow(10**6):06d}"
        row = PhoneCode.objects.create(
            user=user,
            phone=phone,
            code_hash=_code_hash(phone, code),
            expires_at=now + timedelta(seconds=settings.PHONE_CODE_TTL),
        )
    minutes = max(1, settings.PHONE_CODE_TTL // 60)
    text = _("【%(site)s】您的验证码是 %(code)s，%(m)d 分钟内有效。如非本人操作，请忽略本短信。") % {
        "site": settings.SITE_NAME,
        "code": code,
        "m": minutes,
    }
    try:
        sms.sms_send(phone=phone, text=text, params={"code": code})
    except sms.SmsError as exc:
        sms.logger.warning("SMS to %s****%s not sent: %s", phone[:3], phone[-4:], exc)
        PhoneCode.objects.filter(pk=row.pk).update(used_at=timezone.now())  # never valid, still counted
        raise AccountError(_("短信发送失败，请稍后再试。"), field="phone") from exc
    return row


def phone_verify(*, user: User, phone: str, code: str) -> User:
    """Check `code` against the latest code sent to `phone` for `user`; on success the number is the account's.

    A wrong code counts against the code (committed even though the call then raises)."""
    phone = phone_normalise(phone)
    code = (code or "").strip()
    now = timezone.now()
    error = None
    with transaction.atomic():
        row = (
            PhoneCode.objects.select_for_update()
            .filter(user=user, phone=phone, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if row is None or row.expires_at <= now:
            error = AccountError(_("验证码已过期或不存在，请重新获取。"), field="code")
        elif row.attempts >= settings.PHONE_CODE_MAX_ATTEMPTS:
            error = AccountError(_("验证码错误次数过多，请重新获取。"), field="code")
        elif not constant_time_compare(row.code_hash, _code_hash(phone, code)):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            left = settings.PHONE_CODE_MAX_ATTEMPTS - row.attempts
            error = AccountError(_("验证码不正确，还可以再试 %(n)d 次。") % {"n": left}, field="code")
    if error is not None:
        raise error
    try:
        with transaction.atomic():
            PhoneCode.objects.filter(pk=row.pk).update(used_at=now)
            User.objects.filter(pk=user.pk).update(phone=phone, phone_verified_at=now)
    except IntegrityError as exc:  # another account verified this number a moment ago
        raise AccountError(_("这个手机号已绑定其他账号。一个手机号只能验证一个账号。"), field="phone") from exc
    user.phone, user.phone_verified_at = phone, now
    return user
