from django import forms

from audit.models import AccessRecord
from lib.dates import date_field


class AccessFilterForm(forms.Form):
    """The filters of the list; a value that does not parse is an error next to its field and no filter."""

    art = forms.ChoiceField(label="Art", required=False, choices=[("", "alle"), *AccessRecord.Kind.choices])
    person = forms.CharField(label="Benutzername", required=False, max_length=150)
    objekt = forms.CharField(label="Vorlage, Datei oder Sitzung", required=False, max_length=300)
    von = date_field("Von", required=False)
    bis = date_field("Bis", required=False)

    def filter(self, records):
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value}
        if "art" in data:
            records = records.filter(kind=data["art"])
        if "person" in data:
            records = records.filter(username__icontains=data["person"])
        if "objekt" in data:
            records = records.filter(label__icontains=data["objekt"])
        if "von" in data:
            records = records.filter(at__date__gte=data["von"])
        if "bis" in data:
            records = records.filter(at__date__lte=data["bis"])
        return records
