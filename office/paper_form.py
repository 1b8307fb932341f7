"""The round trips of the paper form that do not save: row buttons, staged attachments, the error summary.

A POST of the form either saves (the "Speichern" button) or only changes the form: a
button of the Beratungsfolge (`office.forms.rearranged`) or the removal of a staged
attachment (`office.staging`). Either way, what the user typed and chose comes back.
"""

from django.forms.utils import ErrorDict

from office import staging
from office.forms import is_row_command, rearranged

# The buttons that change the form without saving it: rows of the Beratungsfolge, staged attachments.
ROWS_BUTTON = "beratungsfolge"
UNSTAGE_BUTTON = "vorgemerkt_entfernen"


class FormPost:
    """One POST of the paper form: the data (with the rows as a row button asked), the form's
    token for staged attachments, and whether the user asked to save or only to change the form.
    """

    def __init__(self, request):
        command = request.POST.get(ROWS_BUTTON, "")
        self.data = rearranged(request.POST, command) if is_row_command(command) else request.POST
        self.token = staging.parse_token(request.POST.get("upload_token"))
        self.user = request.user
        self.unstage = request.POST.get(UNSTAGE_BUTTON, "")
        self.saving = not is_row_command(command) and not self.unstage

    def apply_unstage(self):
        if self.unstage.isdigit():
            staging.discard(staging.staged(self.token, self.user).filter(pk=int(self.unstage)))

    def keep_uploads(self, form):
        """Stage the checked attachments of a POST that did not save, so they are not chosen again."""
        if "attachments" not in form.errors:
            staging.stage(form.cleaned_data.get("attachments") or [], token=self.token, owner=self.user)

    def staged(self):
        return list(staging.staged(self.token, self.user))


def quiet(form, formset):
    """After a row button: show the form as it was, without the errors of fields not yet filled in.

    Only a refused attachment keeps its error: it was not kept and must be chosen again.
    """
    kept = {name: errors for name, errors in form.errors.items() if name == "attachments"}
    form._errors = ErrorDict(kept)
    formset._errors = [ErrorDict() for _ in formset.forms]
    formset._non_form_errors = formset.error_class()
    for row in formset.forms:
        row._errors = ErrorDict()


def error_summary(form, formset):
    """Every error of a failed save, each with the id of the field to correct (the summary links there)."""
    if not form.is_bound:
        return []
    entries = [(None, None, error) for error in form.non_field_errors()]
    for name in form.fields:
        if name in form.errors:
            field = form[name]
            entries += [(field.label, field.id_for_label, error) for error in field.errors]
    entries += [("Beratungsfolge", "beratungsfolge", error) for error in formset.non_form_errors()]
    for number, row in enumerate(formset.forms, start=1):
        for name in row.fields:
            if name in row.errors:
                field = row[name]
                entries += [(f"{field.label}, Zeile {number}", field.id_for_label, e) for e in field.errors]
    return [{"label": label, "target": target, "message": message} for label, target, message in entries]
