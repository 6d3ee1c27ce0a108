"""How every form of the site renders (settings.FORM_RENDERER): one layout for `{{ form }}`, `form.as_p` and
`form.as_div` (a row per field: label, input, then its errors right beside it, then the help text), and labels
that end in a full-width colon (：) when the page is in Chinese.

Django's renderer is kept; only its templates are swapped here, because otherwise every form (Django's own auth
forms included) would need a subclass to say the same thing.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

LABEL = "django/forms/label.html"
FORM_LAYOUTS = {"django/forms/div.html", "django/forms/p.html", "django/forms/table.html", "django/forms/ul.html"}


class SiteFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/div.html"
    field_template_name = "core/forms/field.html"

    def get_template(self, template_name):
        if template_name in FORM_LAYOUTS:
            template_name = self.form_template_name
        return super().get_template(template_name)

    def render(self, template_name, context, request=None):
        label = context.get("label") if template_name == LABEL else None
        if label and str(label).endswith(":") and (get_language() or "").startswith("zh"):
            # Django appends a half-width colon (its label_suffix) to every label; Chinese text takes "：".
            context = {**context, "label": mark_safe(str(label)[:-1] + "：")}  # label was already escaped
        return super().render(template_name, context, request=request)
