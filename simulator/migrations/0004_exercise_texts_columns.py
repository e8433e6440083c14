from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('simulator', '0003_number_attempts_texts_to_msgids'),
    ]

    operations = [
        migrations.AlterField(
            model_name='exercise',
            name='intro',
            field=models.TextField(blank=True),
        ),
        migrations.AlterField(
            model_name='exercise',
            name='title',
            field=models.CharField(max_length=200),
        ),
        migrations.AddConstraint(
            model_name='exercisesubmission',
            constraint=models.UniqueConstraint(fields=('student', 'exercise', 'attempt'), name='exsub_one_per_attempt'),
        ),
    ]
