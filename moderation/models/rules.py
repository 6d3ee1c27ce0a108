"""The community rules as versioned data: a RuleSet version, its categories and rules."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class RuleSet(models.Model):
    """One version of the community rules (跟帖评论自律管理公约). Decisions store the version they applied."""

    version = models.PositiveIntegerField(_("版本"), unique=True)
    name = models.CharField(_("名称"), max_length=100)
    preamble = models.TextField(_("序言"))
    legal_basis = models.TextField(_("法律依据"), blank=True)
    penalties = models.TextField(_("违规处罚"))
    appeals = models.TextField(_("申诉"))
    is_current = models.BooleanField(_("现行版本"), default=False)
    # A draft is a new version being prepared by an admin: not public, its rules still editable.
    is_draft = models.BooleanField(_("草稿"), default=False)
    # Which rule each automatic detector of the engine cites (moderation.engine.DETECTORS → rule code), per version.
    detectors = models.JSONField(
        _("自动检测规则"), default=dict, blank=True, help_text=_('检测器 → 规则编号，例如 {"contact": "3.1"}')
    )
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("规则版本")
        verbose_name_plural = _("规则版本")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_ruleset"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name_display} v{self.version}"

    # The texts in the page's language (moderation/rule_titles.py lists the shipped ones; an edited text is shown
    # as written).
    name_display = property(lambda self: _shown(self.name))
    preamble_display = property(lambda self: _shown(self.preamble))
    legal_basis_display = property(lambda self: _shown(self.legal_basis))
    penalties_display = property(lambda self: _shown(self.penalties))
    appeals_display = property(lambda self: _shown(self.appeals))


def _shown(text: str) -> str:
    return gettext(text) if text else ""


class RuleCategory(models.Model):
    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("编号"), max_length=4)
    title = models.CharField(_("标题"), max_length=100)
    gloss = models.CharField(_("英文说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("规则类别")
        verbose_name_plural = _("规则类别")
        ordering = ["ruleset", "code"]
        constraints = [models.UniqueConstraint(fields=["ruleset", "code"], name="unique_category_per_ruleset")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def title_display(self) -> str:
        """The title in the page's language (moderation/rule_titles.py lists the shipped ones)."""
        return gettext(self.title)


class Rule(models.Model):
    """A rule such as `1.11`. Codes are strings, never floats: `1.11` and `1.1` differ."""

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="rules")
    category = models.ForeignKey(RuleCategory, on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(_("编号"), max_length=8)
    title = models.TextField(_("条文"))
    gloss = models.TextField(_("英文说明"), blank=True)
    aggravating = models.BooleanField(_("加重情节"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("规则")
        verbose_name_plural = _("规则")
        ordering = ["ruleset", "position"]
        constraints = [models.UniqueConstraint(fields=["ruleset", "code"], name="unique_rule_per_ruleset")]

    def __str__(self) -> str:
        return f"{self.code} {self.title[:30]}"

    @property
    def title_display(self) -> str:
        """The rule's text in the page's language (moderation/rule_titles.py lists the shipped ones)."""
        return gettext(self.title)
