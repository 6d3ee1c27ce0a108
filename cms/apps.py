from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project package as an app: project-wide templates tags and management commands (`demo`)."""

    name = "cms"
    verbose_name = "CMS"
