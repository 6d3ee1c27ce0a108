"""The records every app writes: the audit log (append-only) and in-site notifications."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import messages


class AuditAction(models.TextChoices):
    """Every audited action, by a dotted name you can grep (`case.sanction`), never built with an f-string.

    The label is what the audit log shows a person.
    """

    ARTICLE_ACCEPT = "article.accept", _("采用投稿")
    ARTICLE_EDIT = "article.edit", _("编辑文章")
    ARTICLE_FEATURE = "article.feature", _("设为推荐")
    ARTICLE_UNFEATURE = "article.unfeature", _("取消推荐")
    ARTICLE_REJECT = "article.reject", _("退回投稿")
    ARTICLE_REQUEST_CHANGES = "article.request_changes", _("要求修改")
    AUTHOR_APPLICATION_APPROVE = "author_application.approve", _("批准作者申请")
    AUTHOR_APPLICATION_REJECT = "author_application.reject", _("拒绝作者申请")
    ACCOUNT_ROLES = "account.roles", _("修改账号角色")
    ACCOUNT_CHEATING_FLAG = "account.cheating_flag", _("标记注册作弊")
    ACCOUNT_STAFF = "account.staff", _("修改后台权限")
    ACCOUNT_LINK = "account.link", _("关联账号")
    ACCOUNT_UNLINK = "account.unlink", _("取消关联账号")
    ACCOUNT_SANCTION_STATE = "account.sanction_state", _("账号处罚状态变更")
    ACCOUNT_EXPORT = "account.export", _("导出账号数据")
    ACCOUNT_DELETE = "account.delete", _("注销账号")
    CASE_CLAIM = "case.claim", _("认领案件")
    CHECK_POLICY_UPDATE = "check_policy.update", _("修改检查策略")
    CLASSIFIER_TRAIN = "classifier.train", _("训练分类器")
    CLASSIFIER_ACTIVATE = "classifier.activate", _("启用分类器")
    CLASSIFIER_DEACTIVATE = "classifier.deactivate", _("停用分类器")
    CASE_RELEASE = "case.release", _("释放案件")
    CASE_DISMISS = "case.dismiss", _("驳回案件")
    CASE_REMOVE = "case.remove", _("删除内容")
    CASE_SANCTION = "case.sanction", _("删除并处罚")
    CASE_WARN = "case.warn", _("警告")
    ACCOUNT_NOTE = "account.note", _("添加账号备注")
    APPEAL_UPHELD = "appeal.upheld", _("申诉：维持原处理")
    APPEAL_REDUCED = "appeal.reduced", _("申诉：减轻处罚")
    APPEAL_OVERTURNED = "appeal.overturned", _("申诉：撤销处理")
    FEEDBACK_HANDLE = "feedback.handle", _("处理反馈")
    FEEDBACK_ASSIGN = "feedback.assign", _("分派反馈")
    FEEDBACK_REPLY = "feedback.reply", _("答复反馈")
    FEEDBACK_STATUS = "feedback.status", _("变更反馈状态")
    ESCALATION_UPDATE = "escalation.update", _("修改队列升级规则")
    LEXICON_ADD = "lexicon.add", _("添加词条")
    LEXICON_CHANGE = "lexicon.change", _("修改词条")
    LEXICON_DELETE = "lexicon.delete", _("删除词条")
    LEXICON_IMPORT = "lexicon.import", _("导入词库")
    LEXICON_RESCAN = "lexicon.rescan", _("重新检查已发布内容")
    POLICY_UPDATE = "policy.update", _("修改处罚政策")
    RULESET_COPY = "ruleset.copy", _("创建规则草稿")
    RULESET_PUBLISH = "ruleset.publish", _("发布规则版本")
    RULE_CHANGE = "rule.change", _("修改草稿规则")


class AuditLog(models.Model):
    """Append-only record of every editor, moderator and admin action, written in the same transaction as the change."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("操作"), max_length=64, choices=AuditAction.choices, db_index=True)
    target_type = models.ForeignKey("contenttypes.ContentType", null=True, on_delete=models.SET_NULL, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=300, blank=True)
    rule_codes = models.JSONField(_("规则"), default=list, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="auditlog_target_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"


class Notification(models.Model):
    """An in-site notice (站内信); the same text is also sent by email, by a task with retries."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    url = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Optional: the untranslated messages and their values, so that the inbox shows the notice in the reader's
    # language whatever language the sender's request or the worker had (`subject`/`body` keep the sent text).
    subject_msgid = models.CharField(max_length=200, blank=True, editable=False)
    body_msgid = models.TextField(blank=True, editable=False)
    params = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.subject

    def _shown(self, msgid: str, sent: str) -> str:
        if not msgid:
            return sent
        try:
            return messages.render(msgid, self.params)
        except (KeyError, TypeError, ValueError):  # a stored row whose values no longer fit: what was sent
            return sent

    @property
    def subject_shown(self) -> str:
        return self._shown(self.subject_msgid, self.subject)

    @property
    def body_shown(self) -> str:
        return self._shown(self.body_msgid, self.body)


class NotificationPreference(models.Model):
    """What a user wants to be told about other readers' doings (replies, @mentions), and whether by email too.

    Notices about the user's own content and account (checks, decisions, appeals) are always sent: they carry
    rights and deadlines. A user without a row gets the defaults (everything on)."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("回复我的评论")
        MENTION = "mention", _("@提到我")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_pref")
    reply = models.BooleanField(_("有人回复我的评论时通知我"), default=True)
    mention = models.BooleanField(_("有人在评论中@我时通知我"), default=True)
    email = models.BooleanField(_("同时发送邮件"), default=True)

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self) -> str:
        return str(self.user_id)

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, self.Kind(kind).value))


class FormSubmission(models.Model):
    """One submitted form, by the token rendered into it (`core.idempotency`): a second POST with the same token (a
    double-click, a retry after a timeout) is answered with the first one's outcome instead of being done again.

    Kept in the database, not the cache: a duplicate must be caught while Redis is down too, and the unique index
    is what makes five simultaneous POSTs end with one write."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    location = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("表单提交")
        verbose_name_plural = _("表单提交")

    def __str__(self) -> str:
        return self.token


class PageVersion(models.Model):
    """The durable copy of one page-cache version (`core.pagecache`). Redis holds each version only briefly; a bump
    writes here first, so that a bump made while Redis is unreachable still retires the old pages once it is back."""

    name = models.CharField(max_length=200, primary_key=True)
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("页面缓存版本")
        verbose_name_plural = _("页面缓存版本")

    def __str__(self) -> str:
        return f"{self.name}={self.token}"
