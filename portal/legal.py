"""The legal pages (Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit): which
record a page shows, and the demo's texts.

A Body's page shows the Body's own record; a Body that wrote none shows the installation's
(the operator's) with a note, and where neither exists there is no page (404), never
placeholder text.
"""

from dataclasses import dataclass

from django.db.models import Q

from portal.models import LegalPages

# kind (the field of LegalPages and the URL name) -> (URL segment, page title)
PAGES = {
    "imprint": ("impressum", "Impressum"),
    "privacy": ("datenschutz", "Datenschutzerklärung"),
    "accessibility": ("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
}


@dataclass
class LegalPage:
    kind: str  # a key of PAGES
    record: LegalPages
    borrowed: bool  # the installation's text shown for a Body that wrote none

    @property
    def title(self):
        return PAGES[self.kind][1]

    @property
    def text(self):
        return getattr(self.record, self.kind)


def legal_page(kind, body=None):
    """The page `kind` of the Body (or of the installation for None), in one query; None where nothing was written."""
    condition = Q(body__isnull=True) if body is None else Q(body__isnull=True) | Q(body=body)
    records = {record.body_id: record for record in LegalPages.objects.filter(condition)}
    if body is not None and body.pk in records:
        return LegalPage(kind, records[body.pk], borrowed=False)
    if None in records:
        return LegalPage(kind, records[None], borrowed=body is not None)
    return None


# --- Demo ----------------------------------------------------------------------------------

BRANDENBURG_ENFORCEMENT = (
    "Durchsetzungsstelle für digitale Barrierefreiheit des Landes Brandenburg "
    "(bei der Landesbeauftragten für die Belange der Menschen mit Behinderungen)",
    "https://msgiv.brandenburg.de/msgiv/de/beauftragte/landesbehindertenbeauftragte/durchsetzungsstelle",
)

DEMO_NOTE = "<p><em>Beispieltext der Demo-Installation; die Angaben sind nicht verbindlich.</em></p>"


def _demo_texts(name, street, postal, head, email, phone):
    phone_line = f"Telefon: {phone}<br>" if phone else ""
    imprint = f"""{DEMO_NOTE}
<h2>Herausgeber</h2>
<p>{name}<br>{street}<br>{postal}</p>
<p>Die {name} ist eine Körperschaft des öffentlichen Rechts. Sie wird vertreten durch {head}.</p>
<h2>Kontakt</h2>
<p>{phone_line}E-Mail: <a href="mailto:{email}">{email}</a></p>
<h2>Verantwortlich für den Inhalt</h2>
<p>Für Vorlagen, Sitzungen und Beschlüsse: der Sitzungsdienst der {name}, Anschrift wie oben.</p>
<h2>Offene Daten</h2>
<p>Die Daten dieses Ratsinformationssystems stehen über die OParl-Schnittstelle unter der
Datenlizenz Deutschland – Namensnennung 2.0 zur Verfügung.</p>"""
    privacy = f"""{DEMO_NOTE}
<h2>Verantwortliche Stelle</h2>
<p>{name}, {street}, {postal}; E-Mail: <a href="mailto:{email}">{email}</a>.</p>
<h2>Welche Daten wir verarbeiten</h2>
<p>Beim Aufruf der Seiten verarbeitet der Server die technisch nötigen Zugriffsdaten (IP-Adresse,
Zeitpunkt, aufgerufene Adresse) zur Auslieferung und zur Abwehr von Angriffen. Das öffentliche
Portal setzt keine Cookies zur Analyse und bindet keine Dienste Dritter ein.</p>
<h2>E-Mail-Benachrichtigungen</h2>
<p>Wer Vorlagen, Gremien oder Suchen per E-Mail folgt, gibt seine E-Mail-Adresse an. Wir speichern sie
nur, solange das Abo besteht: Ein nicht bestätigtes Abo wird nach Ablauf des Bestätigungslinks
gelöscht, mit der Abbestellung wird die Adresse gelöscht. Rechtsgrundlage ist Ihre Einwilligung
(Art. 6 Abs. 1 lit. a DSGVO), die Sie jederzeit über den Abmeldelink jeder E-Mail widerrufen können.</p>
<h2>Ihre Rechte</h2>
<p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung sowie
auf Beschwerde bei der Landesbeauftragten für den Datenschutz und für das Recht auf Akteneinsicht
Brandenburg.</p>"""
    accessibility = f"""{DEMO_NOTE}
<p>Die {name} ist bemüht, ihr Ratsinformationssystem im Einklang mit dem Brandenburgischen
Behindertengleichstellungsgesetz und der Brandenburgischen Barrierefreie-Informationstechnik-Verordnung
barrierefrei zugänglich zu machen.</p>
<h2>Stand der Vereinbarkeit mit den Anforderungen</h2>
<p>Das Portal ist mit den Anforderungen der BITV 2.0 weitgehend vereinbar. Es wird bei jeder Änderung
automatisch mit axe-core gegen WCAG 2.1 AA geprüft und funktioniert ohne JavaScript.</p>
<h2>Nicht barrierefreie Inhalte</h2>
<ul>
<li>Ältere eingescannte Anlagen zu Vorlagen sind nicht durchgehend als barrierefreie PDF-Dokumente
verfügbar. Auf Anfrage erhalten Sie sie in einer zugänglichen Form.</li>
</ul>
<h2>Erstellung dieser Erklärung</h2>
<p>Diese Erklärung beruht auf einer Selbstbewertung.</p>"""
    return imprint, privacy, accessibility


DEMO = {
    "luckenwalde": {
        "texts": ("Stadt Luckenwalde", "Markt 10", "14943 Luckenwalde", "die Bürgermeisterin"),
        "email": "barrierefreiheit@luckenwalde.example",
        "phone": "03371 00000-0",
        "address": "Stadt Luckenwalde\nSitzungsdienst\nMarkt 10\n14943 Luckenwalde",
    },
    "nuthe-urstromtal": {
        "texts": (
            "Gemeinde Nuthe-Urstromtal",
            "Frankenfelder Straße 10",
            "14947 Nuthe-Urstromtal",
            "den Bürgermeister",
        ),
        "email": "barrierefreiheit@nuthe-urstromtal.example",
        "phone": "",
        "address": "",
    },
}


def demo_legal_pages(*bodies):
    """The demo's legal pages for the given demo Bodies; idempotent (an existing record is kept)."""
    for body in bodies:
        demo = DEMO.get(body.slug)
        if demo is None or LegalPages.objects.filter(body=body).exists():
            continue
        name, street, postal, head = demo["texts"]
        imprint, privacy, accessibility = _demo_texts(name, street, postal, head, demo["email"], demo["phone"])
        LegalPages.objects.create(
            body=body,
            imprint=imprint,
            privacy=privacy,
            accessibility=accessibility,
            feedback_email=demo["email"],
            feedback_phone=demo["phone"],
            feedback_address=demo["address"],
            enforcement_name=BRANDENBURG_ENFORCEMENT[0],
            enforcement_url=BRANDENBURG_ENFORCEMENT[1],
        )
