"""Factories for articles. `ArticleFactory` makes a published article with its live revision and search index,
the state the services leave a published article in; use the services themselves to test transitions."""

import factory
from django.utils import timezone

from articles import content, services
from articles.models import Article, ArticleRevision, Category, Comment
from tests.factories import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"品牌营销的第 {n} 个案例")
    slug = factory.Sequence(lambda n: f"article-f{n}")
    body = "<p>品牌营销需要长期主义。</p>"
    body_text = factory.LazyAttribute(lambda o: content.html_to_text(o.body))
    summary = "一篇关于营销的文章"
    source = "原创"
    author = factory.SubFactory(UserFactory)
    category = factory.SubFactory(CategoryFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(list(extracted))

    @factory.post_generation
    def revision(self, create, extracted, **kwargs):
        if not create:
            return
        revision = ArticleRevision.objects.create(
            article=self,
            number=1,
            title=self.title,
            summary=self.summary,
            body=self.body,
            body_text=self.body_text,
            source=self.source,
            category=self.category,
            tags=list(self.tags.names()),
            status=ArticleRevision.Status.PASSED
            if self.status == Article.Status.PUBLISHED
            else ArticleRevision.Status.SAVED,
            saved_by=self.author,
        )
        if self.status == Article.Status.PUBLISHED:
            Article.objects.filter(pk=self.pk).update(live_revision=revision)
            self.live_revision = revision
        services.article_search_index(self)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"说得好，第 {n} 条评论")
    status = Comment.Status.VISIBLE
