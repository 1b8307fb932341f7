from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('council', '0002_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='body',
            name='license',
            field=models.URLField(default='https://www.govdata.de/dl-de/by-2-0', help_text="URL of the licence OParl names for this Body's data.", verbose_name='licence of the open data'),
        ),
        migrations.AddField(
            model_name='historicalbody',
            name='license',
            field=models.URLField(default='https://www.govdata.de/dl-de/by-2-0', help_text="URL of the licence OParl names for this Body's data.", verbose_name='licence of the open data'),
        ),
    ]
