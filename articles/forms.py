import json

from django import forms
from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.widgets import CKEditor5Widget

from accounts.models import AuthorApplication

from . import services
from .models import Category


class ArticleBodyWidget(CKEditor5Widget):
    """CKEditor 5, uploading images to our own view (`articles:upload_image`) instead of the package's."""

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        english = (get_language() or "").startswith("en")
        # The editor's own buttons and messages in the page's language (its English is built in; zh-cn is loaded
        # by the widget's media). Chinese has no spaces between words, so CKEditor's word count would call a
        # paragraph one word: count characters (and words only for English pages).
        context["config"] = {
            **self.config,
            "language": "en" if english else "zh-cn",
            "wordCount": {"displayWords": english, "displayCharacters": True},
        }
        context["script_id"] = f"{context['widget']['attrs']['id']}_script"
        context["upload_url"] = reverse("articles:upload_image")
        context["upload_file_types"] = json.dumps(settings.CKEDITOR_5_UPLOAD_FILE_TYPES)
        context["csrf_cookie_name"] = settings.CSRF_COOKIE_NAME
        return mark_safe((renderer or get_default_renderer()).render(self.template_name, context))


class ArticleForm(forms.Form):
    # The editor hides the textarea; a browser cannot focus a hidden required field, so the server checks instead.
    use_required_attribute = False

    title = forms.CharField(label=_("标题"), max_length=services.TITLE_MAX)
    summary = forms.CharField(
        label=_("摘要"), max_length=services.SUMMARY_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(label=_("正文"), max_length=services.BODY_MAX, widget=ArticleBodyWidget())
    source = forms.CharField(
        label=_("来源"), max_length=services.SOURCE_MAX, required=False, help_text=_("例如：原创，或转载的出处")
    )
    category = forms.ModelChoiceField(
        label=_("栏目"), queryset=Category.objects.all(), required=False, empty_label=_("请选择栏目（可不选）")
    )
    tags = forms.CharField(label=_("标签"), max_length=400, required=False, help_text=_("用逗号或空格分隔，最多 10 个"))
    cover = forms.FileField(label=_("封面图"), required=False, help_text=_("JPEG、PNG、GIF 或 WebP，不超过 5 MB"))

    def clean_tags(self) -> list[str]:
        names = services.tags_parse(self.cleaned_data.get("tags", ""))
        if len(names) > services.TAGS_MAX:
            raise forms.ValidationError(_("最多 %(n)d 个标签。"), params={"n": services.TAGS_MAX})
        return names


class CommentForm(forms.Form):
    body = forms.CharField(label=_("评论"), max_length=services.COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)


class CommentEditForm(forms.Form):
    body = forms.CharField(label=_("评论"), max_length=services.COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 4}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=services.REASON_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class AuthorApplicationForm(forms.ModelForm):
    class Meta:
        model = AuthorApplication
        fields = ["motivation", "sample_links"]
        widgets = {"motivation": forms.Textarea(attrs={"rows": 4}), "sample_links": forms.Textarea(attrs={"rows": 3})}


class SearchForm(forms.Form):
    """The search page's filters. Any bad value is an error beside its field, and the search runs without it."""

    q = forms.CharField(label=_("关键词"), max_length=100, required=False)
    # The categories come from the view (a cached copy: showing and checking the filter costs no query); the
    # field's value is the chosen Category, or None.
    category = forms.ChoiceField(
        label=_("栏目"),
        required=False,
        error_messages={"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]},
    )
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(
        label=_("排序"), choices=[("relevance", _("相关度")), ("newest", _("最新发布"))], required=False
    )

    def __init__(self, *args, categories: list[Category] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(Category.objects.all()) if categories is None else list(categories)
        self.fields["category"].choices = [("", _("全部栏目")), *((c.slug, c.name) for c in self.categories)]

    def clean_category(self) -> Category | None:
        slug = self.cleaned_data.get("category")
        return next((c for c in self.categories if c.slug == slug), None) if slug else None

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
            data.pop("date_to", None)
        return data
