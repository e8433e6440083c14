from django.db import migrations


def unlimited_to_default(apps, schema_editor):
    """0 was every quiz's default ("unlimited") before attempt limits had a graded default: give those the new
    default (empty: two attempts when assigned as graded work, unlimited as practice)."""
    apps.get_model("learning", "Quiz").objects.filter(attempts_allowed=0).update(attempts_allowed=None)


class Migration(migrations.Migration):

    dependencies = [
        ("learning", "0002_trust_reimport_review_learn"),
    ]

    operations = [
        migrations.RunPython(unlimited_to_default, migrations.RunPython.noop),
    ]
