"""Give every tag an empty slug left by taggit (a name of symbols only: `">`, `!!!`, `😀`) a slug from its name's
hash, as `articles.content.tag_slug` does for new tags: `{% url 'articles:tag' '' %}` raised on every page that
listed such a tag."""

import hashlib

from django.db import migrations


def tag_slugs_fill(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    for tag in Tag.objects.filter(slug=""):
        base = f"tag-{hashlib.sha1(tag.name.encode()).hexdigest()[:10]}"
        slug, n = base, 1
        while Tag.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        tag.slug = slug
        tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_narrow_heap_rows"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(tag_slugs_fill, migrations.RunPython.noop)]
