import unicodedata

from django.db import migrations


def move_failed_logins(apps, schema_editor):
    """Carry the recent failures over, keyed on the account as `accounts.lockout` counts them.

    The old rows hold `strip().lower()` of the typed name; NFKC makes it the name the login
    form would pass on, and a user whose name matches it regardless of case owns it.
    """
    Old = apps.get_model("councillors", "FailedLogin")
    New = apps.get_model("accounts", "FailedLogin")
    User = apps.get_model("accounts", "User")
    users = {}
    for user_id, username in User.objects.values_list("pk", "username"):
        users.setdefault(username.lower(), []).append(user_id)
    moved = []
    for old in Old.objects.all().iterator():
        username = unicodedata.normalize("NFKC", old.username)
        owners = users.get(username.lower(), [])
        moved.append(
            New(
                user_id=owners[0] if len(owners) == 1 else None,
                username=username,
                ip_address=old.ip_address,
                attempted=old.attempted,
            )
        )
    New.objects.bulk_create(moved, batch_size=1000)


def move_back(apps, schema_editor):
    Old = apps.get_model("councillors", "FailedLogin")
    New = apps.get_model("accounts", "FailedLogin")
    Old.objects.bulk_create(
        [
            Old(username=new.username.lower(), ip_address=new.ip_address, attempted=new.attempted)
            for new in New.objects.all().iterator()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_failed_login_per_account"),
        ("councillors", "0001_councillor_area"),
    ]

    operations = [
        migrations.RunPython(move_failed_logins, move_back),
        migrations.DeleteModel(name="FailedLogin"),
    ]
