"""The back office keeps no records of its own: Transition now lives in `resolutions`.

Only the migration state changes here; `resolutions.0002_transition_from_office` renamed
the tables.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('office', '0001_transition_timeline'),
        ('resolutions', '0002_transition_from_office'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name='HistoricalTransition'),
                migrations.DeleteModel(name='Transition'),
            ],
        ),
    ]
