"""The timeline of a paper (Transition) moves from the back office into `resolutions`.

The tables are renamed, so every recorded step keeps its id and history.
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('council', '0002_initial'),
        ('resolutions', '0001_initial'),
        ('office', '0001_transition_timeline'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    'ALTER TABLE office_transition RENAME TO resolutions_transition',
                    'ALTER TABLE resolutions_transition RENAME TO office_transition',
                ),
                migrations.RunSQL(
                    'ALTER TABLE office_historicaltransition RENAME TO resolutions_historicaltransition',
                    'ALTER TABLE resolutions_historicaltransition RENAME TO office_historicaltransition',
                ),
            ],
            state_operations=[
        migrations.CreateModel(
            name='HistoricalTransition',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                ('modified', models.DateTimeField(blank=True, editable=False, verbose_name='modified')),
                ('action', models.CharField(choices=[('submit', 'submitted for sign-off'), ('sign', 'signed'), ('return', 'returned'), ('release', 'released'), ('withdraw', 'withdrawn')], max_length=20, verbose_name='action')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('from_state', models.CharField(choices=[('draft', 'draft'), ('in_signoff', 'in sign-off'), ('released', 'released'), ('in_consultation', 'in consultation'), ('decided', 'decided'), ('withdrawn', 'withdrawn')], max_length=20, verbose_name='from state')),
                ('to_state', models.CharField(choices=[('draft', 'draft'), ('in_signoff', 'in sign-off'), ('released', 'released'), ('in_consultation', 'in consultation'), ('decided', 'decided'), ('withdrawn', 'withdrawn')], max_length=20, verbose_name='to state')),
                ('step', models.CharField(blank=True, choices=[('head_of_department', 'Head of department'), ('treasurer', 'Treasurer'), ('mayor', 'Mayor')], max_length=30, verbose_name='sign-off step')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('body', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='council.body', verbose_name='body')),
                ('by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('paper', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='resolutions.paper', verbose_name='paper')),
            ],
            options={
                'verbose_name': 'historical transition',
                'verbose_name_plural': 'historical transitions',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Transition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                ('modified', models.DateTimeField(auto_now=True, verbose_name='modified')),
                ('action', models.CharField(choices=[('submit', 'submitted for sign-off'), ('sign', 'signed'), ('return', 'returned'), ('release', 'released'), ('withdraw', 'withdrawn')], max_length=20, verbose_name='action')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='at')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('from_state', models.CharField(choices=[('draft', 'draft'), ('in_signoff', 'in sign-off'), ('released', 'released'), ('in_consultation', 'in consultation'), ('decided', 'decided'), ('withdrawn', 'withdrawn')], max_length=20, verbose_name='from state')),
                ('to_state', models.CharField(choices=[('draft', 'draft'), ('in_signoff', 'in sign-off'), ('released', 'released'), ('in_consultation', 'in consultation'), ('decided', 'decided'), ('withdrawn', 'withdrawn')], max_length=20, verbose_name='to state')),
                ('step', models.CharField(blank=True, choices=[('head_of_department', 'Head of department'), ('treasurer', 'Treasurer'), ('mayor', 'Mayor')], max_length=30, verbose_name='sign-off step')),
                ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='council.body', verbose_name='body')),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('paper', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transitions', to='resolutions.paper', verbose_name='paper')),
            ],
            options={
                'verbose_name': 'transition',
                'verbose_name_plural': 'transitions',
                'ordering': ['paper', 'at', 'id'],
                'indexes': [models.Index(fields=['paper', 'at'], name='transition_paper_at')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('action', 'return'), _negated=True), models.Q(('comment', ''), _negated=True), _connector='OR'), name='transition_return_has_comment')],
            },
        ),
            ],
        ),
    ]
