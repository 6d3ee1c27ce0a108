"""The daily rollup behind the moderators' statistics and the transparency report.

One `StatsDay` per closed day (a date in the site's time zone, `settings.TIME_ZONE`) that the rollup has computed,
with the day's time-to-first-decision figures, and its `StatsCount` rows: one per series and key (e.g. series
"action", key "remove"). Written only by `moderation.services.stats`; a day is replaced whole when it is computed
again. `StatsDirtyDay` marks a computed day whose source rows changed afterwards (an appeal reviewed, a check
joining an older case, cases purged): readers compute such a day live until the rollup has replaced it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatsDay(models.Model):
    """A closed day the rollup has computed.

    Time to a first decision: the day's own median and p90 are exact (computed once from every decision of the day,
    interpolated like PostgreSQL's `percentile_cont`). For percentiles over a window the day also keeps a histogram
    of the waits in fixed buckets of four significant digits (whole seconds below 10,000 s, then 10 s, 100 s...):
    merging the days' histograms gives the window's median and p90 to within half a bucket, i.e. 0.5 s or 0.05 %,
    far below the 0.1 h the page shows. `{bucket lower bound in seconds: count}`, only the buckets that occur.
    """

    day = models.DateField(_("日期"), primary_key=True)
    computed_at = models.DateTimeField(_("计算时间"))
    wait_count = models.PositiveIntegerField(_("处理决定数"), default=0)
    wait_median = models.FloatField(_("首次处理用时中位数（秒）"), null=True, blank=True)
    wait_p90 = models.FloatField(_("首次处理用时 P90（秒）"), null=True, blank=True)
    wait_histogram = models.JSONField(_("首次处理用时分布"), default=dict, blank=True)

    class Meta:
        verbose_name = _("每日统计")
        verbose_name_plural = _("每日统计")
        ordering = ["day"]

    def __str__(self) -> str:
        return self.day.isoformat()


class StatsCount(models.Model):
    """One count of one closed day: a series (what is counted) and its key (e.g. an action, a rule category)."""

    class Series(models.TextChoices):
        # key: the report's rule category (readers' reports only, by the day they were filed)
        REPORT = "report", _("用户举报")
        # key: "" (cases with an automatic check, by the day they opened)
        CHECK_CASE = "check_case", _("自动检查案件")
        # key: the action (decisions by the day they were made)
        ACTION = "action", _("处理决定（按处理）")
        # key: the rule category of the decision
        CATEGORY = "category", _("处理决定（按类别）")
        # key: "<moderator id>|<action>"
        WORKLOAD = "workload", _("审核员工作量")
        # key: the rule category (decisions that removed content and hid it themselves)
        REMOVED = "removed", _("删除的内容")
        # key: "<rule code>|<outcome>" (appeals by the day they were reviewed; "-" for a decision without rules)
        APPEAL_OUTCOME = "appeal_outcome", _("申诉结果（按规则）")
        # key: "<rule category>|<rung>" (sanctions by the day they started)
        SANCTION = "sanction", _("处罚（按档位）")
        # key: "<rule category>|<status>" (appeals by the day they were filed, with their current status)
        APPEAL = "appeal", _("申诉（按类别）")

    day = models.DateField(_("日期"))
    series = models.CharField(_("序列"), max_length=16, choices=Series.choices)
    key = models.CharField(_("键"), max_length=64, blank=True)
    count = models.PositiveIntegerField(_("数量"))

    class Meta:
        verbose_name = _("每日统计数")
        verbose_name_plural = _("每日统计数")
        constraints = [models.UniqueConstraint(fields=["day", "series", "key"], name="one_stats_count_per_day_key")]

    def __str__(self) -> str:
        return f"{self.day} {self.series} {self.key} {self.count}"


class StatsDirtyDay(models.Model):
    """A closed day whose source rows changed after it was computed (or while it was being computed). Insert-only
    for writers (an insert never waits on a rollup in progress, so a change made while a day is being computed is
    never lost); the rollup deletes the marks of the days it computes again, before it reads them."""

    day = models.DateField(_("日期"), db_index=True)
    marked_at = models.DateTimeField(_("标记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("待重算的每日统计")
        verbose_name_plural = _("待重算的每日统计")

    def __str__(self) -> str:
        return self.day.isoformat()
