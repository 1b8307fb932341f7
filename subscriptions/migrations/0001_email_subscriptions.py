import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('council', '0003_body_license'),
        ('resolutions', '0006_consultation_meeting_from_agenda_item'),
    ]

    operations = [
        migrations.CreateModel(
            name='Subscriber',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, unique=True, verbose_name='e-mail')),
                ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                ('checked_until', models.DateTimeField(blank=True, null=True, verbose_name='changes checked until')),
                ('last_digest_at', models.DateTimeField(blank=True, null=True, verbose_name='last digest sent')),
            ],
            options={
                'verbose_name': 'subscriber',
                'verbose_name_plural': 'subscribers',
                'ordering': ['email'],
            },
        ),
        migrations.CreateModel(
            name='Subscription',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('paper', 'paper'), ('organization', 'organization'), ('search', 'search')], max_length=20, verbose_name='kind')),
                ('query', models.CharField(blank=True, max_length=200, verbose_name='search terms')),
                ('created', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                ('confirmation_sent_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmation sent')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='confirmed')),
                ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='council.body', verbose_name='body')),
                ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='council.organization', verbose_name='organization')),
                ('paper', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='resolutions.paper', verbose_name='paper')),
                ('subscriber', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='subscriptions', to='subscriptions.subscriber', verbose_name='subscriber')),
            ],
            options={
                'verbose_name': 'subscription',
                'verbose_name_plural': 'subscriptions',
                'ordering': ['created', 'id'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('kind', 'paper'), ('organization__isnull', True), ('paper__isnull', False), ('query', '')), models.Q(('kind', 'organization'), ('organization__isnull', False), ('paper__isnull', True), ('query', '')), models.Q(('kind', 'search'), ('organization__isnull', True), ('paper__isnull', True), models.Q(('query', ''), _negated=True)), _connector='OR'), name='subscription_target_matches_kind'), models.UniqueConstraint(condition=models.Q(('kind', 'paper')), fields=('subscriber', 'paper'), name='subscription_unique_paper'), models.UniqueConstraint(condition=models.Q(('kind', 'organization')), fields=('subscriber', 'organization'), name='subscription_unique_organization'), models.UniqueConstraint(condition=models.Q(('kind', 'search')), fields=('subscriber', 'body', 'query'), name='subscription_unique_search')],
            },
        ),
    ]
