from django.db import migrations

from simulator.migration_ops import exercise_texts_to_msgids, number_existing_attempts


class Migration(migrations.Migration):

    dependencies = [
        ('simulator', '0002_exercise_attempts_and_texts'),
    ]

    operations = [
        # Existing submissions are numbered per student and exercise before the unique constraint (0004);
        # exercise texts become their English msgid while the columns are still JSON (short enough for varchar).
        migrations.RunPython(number_existing_attempts, migrations.RunPython.noop),
        migrations.RunPython(exercise_texts_to_msgids, migrations.RunPython.noop),
    ]
