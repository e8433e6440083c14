from django.db import migrations

from simulator.migration_ops import exercise_texts_to_msgids


class Migration(migrations.Migration):

    dependencies = [
        ('simulator', '0004_exercise_texts_columns'),
    ]

    operations = [
        # PostgreSQL's cast from JSON to text keeps a string's quotes: the second pass takes them off.
        migrations.RunPython(exercise_texts_to_msgids, migrations.RunPython.noop),
    ]
