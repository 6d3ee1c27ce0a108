"""A captcha answered as a person reading the image would: the challenge's stored answer, not a test mode."""

from captcha.models import CaptchaStore


def solved() -> dict[str, str]:
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def wrong() -> dict[str, str]:
    key = CaptchaStore.generate_key()
    return {"captcha_0": key, "captcha_1": "not-it"}
