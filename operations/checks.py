"""System checks of the production settings, run at every start (`manage.py check`, migrate,
runserver) and by `check --deploy`.

Without DEBUG, `SITE_URL` builds the addresses that leave the request: OParl ids, links in
e-mails, feeds written by commands. A missing one would publish `http://127.0.0.1:8000`
ids to every OParl client; an `http://` one would send councillors to an unencrypted address.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_site_url(app_configs, **kwargs):
    if settings.DEBUG:
        return []
    url = settings.SITE_URL
    hint = "The public address of the installation, e.g. SITE_URL=https://ratsinfo.example.org"
    if not url:
        return [Error("SITE_URL must be set when DEBUG is off.", hint=hint, id="ratsinfo.E001")]
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        return [
            Error(
                f"SITE_URL must be an https:// address when DEBUG is off, not {url!r}.", hint=hint, id="ratsinfo.E002"
            )
        ]
    return []


@register()
def check_trusted_proxies(app_configs, **kwargs):
    errors = []
    for entry in settings.TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"TRUSTED_PROXIES holds {entry!r}, which is no address or network.",
                    hint="Addresses or networks separated by commas, e.g. TRUSTED_PROXIES=10.0.0.5,192.168.10.0/24",
                    id="ratsinfo.E003",
                )
            )
    return errors
