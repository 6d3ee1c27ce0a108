from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Appeal, Decision, Feedback, Rung
from .selectors import rule_categories_current


def rule_choices() -> list:
    """The current rules grouped by category: picking a rule picks its category."""
    return [
        (f"{c.code}. {c.title_display}", [(r.code, f"{r.code} {r.title_display[:60]}") for r in c.rules.all()])
        for c in rule_categories_current()
    ]


class ReportForm(forms.Form):
    rule = forms.ChoiceField(label=_("违反的规则"), choices=())
    text = forms.CharField(
        label=_("补充说明（可选）"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", _("请选择类别和规则"))] + rule_choices()


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("反馈类型"), choices=Feedback.Kind.choices, widget=forms.RadioSelect)
    article = forms.IntegerField(label=_("涉及的文章编号"), required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("内容"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    contact = forms.CharField(label=_("联系方式（可选）"), max_length=200, required=False)

    def __init__(self, *args, contact_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if contact_required:  # filed without an account: the contact details are the only way to answer
            self.fields["contact"].required = True
            self.fields["contact"].label = _("联系方式（必填，用于告知处理结果）")


class AppealForm(forms.Form):
    decision = forms.TypedChoiceField(label=_("申诉的处理决定"), coerce=int, choices=())
    text = forms.CharField(label=_("申诉理由"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, decisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [
            (d.pk, f"#{d.pk} {d.created_at:%Y-%m-%d} {d.get_action_display()}（{'、'.join(d.rule_codes)}）")
            for d in decisions
        ]


class DecisionForm(forms.Form):
    action = forms.ChoiceField(label=_("处理方式"), choices=Decision.Action.choices, widget=forms.RadioSelect)
    # Checkboxes grouped by category: several rules are picked with clicks, not with Ctrl held down.
    rule_codes = forms.MultipleChoiceField(
        label=_("依据规则"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "rule-picker"}),
    )
    reason = forms.CharField(label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    rung = forms.TypedChoiceField(label=_("处罚档位"), coerce=int, required=False, empty_value=None, choices=())
    rung_reason = forms.CharField(
        label=_("调整档位的理由"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, proposed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_codes"].choices = rule_choices()
        self.proposal_show(proposed)

    def proposal_show(self, proposed: int | None) -> None:
        """Name the proposed rung on the empty choice ("按建议（R1）"); a posted form learns it after the fact."""
        label = _("按建议（R%(r)s）") % {"r": proposed} if proposed else _("按建议")
        self.fields["rung"].choices = [("", label)] + list(Rung.choices)


class BulkDismissForm(forms.Form):
    reason = forms.CharField(label=_("驳回理由"), max_length=500)


class AppealReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("复核结果"),
        choices=[c for c in Appeal.Status.choices if c[0] != Appeal.Status.PENDING],
        widget=forms.RadioSelect,
    )
    reduced_to = forms.TypedChoiceField(
        label=_("减轻至"), coerce=int, required=False, empty_value=None, choices=[("", "-")] + list(Rung.choices)
    )
    reason = forms.CharField(label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class LinkForm(forms.Form):
    username = forms.CharField(label=_("关联账号的用户名"), max_length=150)
    reason = forms.CharField(label=_("理由"), max_length=300, required=False)


class CopyrightHandleForm(forms.Form):
    response = forms.CharField(label=_("处理意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("账号备注（仅审核员可见）"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FeedbackReplyForm(forms.Form):
    text = forms.CharField(label=_("答复"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    internal = forms.BooleanField(label=_("仅内部备注（不发送给提交者）"), required=False)


class FeedbackAssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("分派给"), coerce=int, required=False, empty_value=None, choices=())

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("（无人负责）"))] + [(u.pk, u.username) for u in staff]


class FeedbackStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=Feedback.Status.choices)
