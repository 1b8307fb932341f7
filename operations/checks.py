"""System checks of the production settings.

Without DEBUG, `SITE_URL` builds the addresses that leave the request: OParl ids, links in
e-mails, feeds written by commands. A missing one is an error at every start (`check`,
`migrate`, `runserver`): the settings give it no default without DEBUG. That it is https
is checked by `check --deploy`, next to Django's own transport checks, because the test
runner turns DEBUG off while the settings still hold the development address.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

SITE_URL_HINT = "The public address of the installation, e.g. SITE_URL=https://ratsinfo.example.org"


@register()
def check_site_url_is_set(app_configs, **kwargs):
    if settings.DEBUG or settings.SITE_URL:
        return []
    return [Error("SITE_URL must be set when DEBUG is off.", hint=SITE_URL_HINT, id="ratsinfo.E001")]


@register(deploy=True)
def check_site_url_is_https(app_configs, **kwargs):
    url = settings.SITE_URL
    parts = urlsplit(url)
    if settings.DEBUG or not url or (parts.scheme == "https" and parts.netloc):
        return []
    return [
        Error(
            f"SITE_URL must be an https:// address when DEBUG is off, not {url!r}.",
            hint=SITE_URL_HINT,
            id="ratsinfo.E002",
        )
    ]


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
