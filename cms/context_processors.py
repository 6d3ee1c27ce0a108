import re

from django.conf import settings
from django.http import HttpRequest

from core.selectors import notification_unread_count


def site(request: HttpRequest) -> dict:
    """Site-wide values every page needs: the name and, for a logged-in user, the unread notice count."""
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        unread = notification_unread_count(user=user)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "CONTACT_EMAIL": settings.CONTACT_EMAIL,
        "unread_notices": unread,
        **beian(),
    }


ICP_QUERY_URL = "https://beian.miit.gov.cn/"
PSB_QUERY_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={code}"


def beian() -> dict:
    """The filing numbers for the footer: the ICP number links to the MIIT query site, the public-security number
    to the PSB site with its record code (the digits of "京公网安备11010502000001号"). Unset: nothing shown."""
    icp = settings.ICP_BEIAN.strip()
    psb = settings.PSB_BEIAN.strip()
    digits = "".join(re.findall(r"\d+", psb))
    return {
        "ICP_BEIAN": icp,
        "ICP_BEIAN_URL": ICP_QUERY_URL if icp else "",
        "PSB_BEIAN": psb,
        "PSB_BEIAN_URL": PSB_QUERY_URL.format(code=digits) if psb else "",
    }
