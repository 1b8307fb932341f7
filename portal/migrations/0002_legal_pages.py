import django.db.models.deletion
import django.db.models.functions.comparison
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('council', '0003_body_license'),
        ('portal', '0001_search_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalLegalPages',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                ('modified', models.DateTimeField(blank=True, editable=False, verbose_name='modified')),
                ('imprint', models.TextField(help_text='HTML: paragraphs, headings, lists, links.', verbose_name='imprint')),
                ('privacy', models.TextField(help_text='HTML: paragraphs, headings, lists, links.', verbose_name='privacy policy')),
                ('accessibility', models.TextField(help_text='HTML; the feedback contact and the enforcement body follow it.', verbose_name='accessibility statement')),
                ('feedback_email', models.EmailField(help_text='Where barriers are reported.', max_length=254, verbose_name='feedback e-mail')),
                ('feedback_phone', models.CharField(blank=True, max_length=50, verbose_name='feedback phone')),
                ('feedback_address', models.TextField(blank=True, verbose_name='feedback postal address')),
                ('enforcement_name', models.CharField(help_text='E.g. the Durchsetzungsstelle of the federal state.', max_length=250, verbose_name='enforcement body')),
                ('enforcement_url', models.URLField(verbose_name="enforcement body's website")),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('body', models.ForeignKey(blank=True, db_constraint=False, help_text='Empty for the pages of the installation itself.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='council.body', verbose_name='body')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical legal pages',
                'verbose_name_plural': 'historical legal pages',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='LegalPages',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                ('modified', models.DateTimeField(auto_now=True, verbose_name='modified')),
                ('imprint', models.TextField(help_text='HTML: paragraphs, headings, lists, links.', verbose_name='imprint')),
                ('privacy', models.TextField(help_text='HTML: paragraphs, headings, lists, links.', verbose_name='privacy policy')),
                ('accessibility', models.TextField(help_text='HTML; the feedback contact and the enforcement body follow it.', verbose_name='accessibility statement')),
                ('feedback_email', models.EmailField(help_text='Where barriers are reported.', max_length=254, verbose_name='feedback e-mail')),
                ('feedback_phone', models.CharField(blank=True, max_length=50, verbose_name='feedback phone')),
                ('feedback_address', models.TextField(blank=True, verbose_name='feedback postal address')),
                ('enforcement_name', models.CharField(help_text='E.g. the Durchsetzungsstelle of the federal state.', max_length=250, verbose_name='enforcement body')),
                ('enforcement_url', models.URLField(verbose_name="enforcement body's website")),
                ('body', models.OneToOneField(blank=True, help_text='Empty for the pages of the installation itself.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='legal_pages', to='council.body', verbose_name='body')),
            ],
            options={
                'verbose_name': 'legal pages',
                'verbose_name_plural': 'legal pages',
                'constraints': [models.UniqueConstraint(django.db.models.functions.comparison.Coalesce('body', models.Value(0)), name='legalpages_one_per_body_or_installation')],
            },
        ),
    ]
