from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('resolutions', '0004_decision_date_is_the_meetings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='paper',
            name='paper_financial_details_required',
        ),
        migrations.AlterField(
            model_name='historicalpaper',
            name='financial_impact',
            field=models.BooleanField(blank=True, default=False, null=True, verbose_name='financial impact'),
        ),
        migrations.AlterField(
            model_name='paper',
            name='financial_impact',
            field=models.BooleanField(blank=True, default=False, null=True, verbose_name='financial impact'),
        ),
        migrations.AddConstraint(
            model_name='paper',
            constraint=models.CheckConstraint(condition=models.Q(('financial_impact', False), ('financial_impact__isnull', True), models.Q(('financial_amount__isnull', False), models.Q(('financial_budget_line', ''), _negated=True), models.Q(('financial_description', ''), _negated=True)), _connector='OR'), name='paper_financial_details_required'),
        ),
    ]
