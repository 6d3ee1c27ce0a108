"""Read-mostly admin: categories are edited here; articles and comments change state only through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import column

from .models import Article, ArticleRevision, Category, Comment


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "position")
    prepopulated_fields = {"slug": ("name",)}


class RevisionInline(admin.TabularInline):
    model = ArticleRevision
    fields = ("number", "title", "status", "rule", "saved_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "contributor", "category", "status", "featured", "published_at")
    list_filter = ("status", "featured", "category")
    search_fields = ("title", "author__username")
    list_select_related = ("author", "contributor", "category")
    readonly_fields = [f.name for f in Article._meta.fields] + ["tags"]
    inlines = [RevisionInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        column("article", _("文章")),
        column("author", _("作者")),
        "status",
        column("created_at", _("时间")),
    )
    list_filter = ("status",)
    list_select_related = ("article", "author")
    readonly_fields = [f.name for f in Comment._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
