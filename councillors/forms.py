from django import forms

from councillors.models import CouncillorProfile
from councillors.notes import MAX_LENGTH


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Meine Notiz",
        required=False,
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 60, "aria-describedby": "hilfe-notiz"}),
        help_text="Nur für Sie sichtbar. Leer speichern löscht die Notiz.",
    )


class NotificationForm(forms.ModelForm):
    class Meta:
        model = CouncillorProfile
        fields = ["notify_invitations", "notify_paper_changes"]
        labels = {
            "notify_invitations": "E-Mail, wenn eine Einladung meiner Gremien veröffentlicht wird",
            "notify_paper_changes": "E-Mail, wenn sich eine Vorlage auf der Tagesordnung meiner Gremien ändert",
        }
        help_texts = {
            "notify_invitations": "Auch bei einem Nachtrag zur Tagesordnung.",
            "notify_paper_changes": "Höchstens eine Sammel-E-Mail je Durchlauf, mit den geänderten Textstellen.",
        }
