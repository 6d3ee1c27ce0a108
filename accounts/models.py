from datetime import UTC, datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# A permanent mute is a mute that ends at the end of time: one comparison answers "is this account muted?".
PERMANENT = datetime(9999, 12, 31, tzinfo=UTC)


class User(AbstractUser):
    """An account. The sanction fields are written only by moderation's services and read by `accounts.policy`."""

    display_name = models.CharField(_("昵称"), max_length=40, blank=True)
    bio = models.TextField(_("简介"), max_length=500, blank=True)
    avatar = models.ImageField(_("头像"), upload_to="avatars/", blank=True)

    # Current sanction state, kept here so that the may-write policy and the login refusal read one row.
    muted_until = models.DateTimeField(_("禁言至"), null=True, blank=True)
    banned_at = models.DateTimeField(_("封停时间"), null=True, blank=True)
    sanction_rule = models.CharField(_("处罚依据"), max_length=200, blank=True)
    sanction_decision_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    # Facts used to suggest linked accounts and to aggravate sanctions.
    signup_ip = models.GenericIPAddressField(_("注册 IP"), null=True, blank=True)
    device_id = models.CharField(_("设备标识"), max_length=64, blank=True, db_index=True)
    registration_cheating = models.BooleanField(_("注册作弊"), default=False)

    # Compliance (issue 15). IP属地 last seen (region only, never the address), shown on the profile.
    ip_region = models.CharField(_("IP属地"), max_length=64, blank=True)
    # 后台实名: a verified mainland mobile number, never shown publicly; one number verifies one account.
    phone = models.CharField(_("手机号"), max_length=11, null=True, blank=True, unique=True)
    phone_verified_at = models.DateTimeField(_("手机验证时间"), null=True, blank=True)
    # 注销: the row stays (what the law keeps points at it) with its name and address scrambled.
    deleted_at = models.DateTimeField(_("注销时间"), null=True, blank=True, db_index=True)
    # Trust levels: content accepted (published, or released by a moderator) since the last sanction.
    accepted_content = models.PositiveIntegerField(_("已通过的内容"), default=0)
    trust_reset_at = models.DateTimeField(_("信任等级重置时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        if self.deleted_at is not None:
            return gettext("已注销用户")
        return self.display_name or self.username

    def is_muted(self, now: datetime | None = None) -> bool:
        return self.muted_until is not None and self.muted_until > (now or timezone.now())

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def phone_masked(self) -> str:
        """138****1234, for the owner's own pages only."""
        return f"{self.phone[:3]}****{self.phone[-4:]}" if self.phone else ""

    @property
    def is_banned(self) -> bool:
        return self.banned_at is not None

    @property
    def mute_is_permanent(self) -> bool:
        return self.muted_until == PERMANENT


class AuthorApplication(models.Model):
    """A request to be given the author role (成为作者). One pending application per user at a time."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="author_applications")
    motivation = models.TextField(_("申请理由"), max_length=2000)
    sample_links = models.TextField(_("作品链接"), max_length=2000, blank=True, help_text=_("每行一个链接"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("作者申请")
        verbose_name_plural = _("作者申请")
        ordering = ["-created_at"]
        permissions = [("review_authorapplication", "Can approve or reject author applications")]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_author_application"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_status_display()})"


class PhoneCode(models.Model):
    """One SMS verification code sent to a number for an account. Only its keyed hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="phone_codes")
    phone = models.CharField(_("手机号"), max_length=11, db_index=True)
    code_hash = models.CharField(max_length=128)
    # The sender's IP address is not kept: the per-IP limit is counted in the cache.
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.phone[:3]}****{self.phone[-4:]}"
