"""The "Per E-Mail folgen" forms: an address, and for a search its terms."""

from django import forms


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="E-Mail-Adresse",
        max_length=254,
        error_messages={
            "required": "Bitte geben Sie Ihre E-Mail-Adresse an.",
            "invalid": "Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@example.org.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SearchSubscribeForm(SubscribeForm):
    q = forms.CharField(
        label="Suchbegriff",
        max_length=200,
        error_messages={"required": "Bitte geben Sie an, wonach neue Vorlagen durchsucht werden sollen."},
    )

    def clean_q(self):
        text = " ".join(self.cleaned_data["q"].split())
        if not text:
            raise forms.ValidationError("Bitte geben Sie an, wonach neue Vorlagen durchsucht werden sollen.")
        return text
