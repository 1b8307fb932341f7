"""Forms of the back office: the paper with its Beratungsfolge and attachments, transitions.

Rich text is sanitised here (`resolutions.richtext.sanitize`) before anything is stored;
uploads are checked by their content, not their name, and by size.
"""

import html
import os
import re

from django import forms
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename

from council.models import Meeting, Organization, Person
from lib.dates import validate_sane_date
from office.drafting import PAPER_FIELDS
from resolutions import permissions
from resolutions.files import ALLOWED_MIME_TYPES, guess_mime_type, name_for_type
from resolutions.models import Consultation, File, Paper, PaperType
from resolutions.richtext import sanitize, to_plain_text

RICH_TEXT_MAX_LENGTH = 100_000
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


class RichTextField(forms.CharField):
    """HTML from the editor (or typed plain text), reduced to the rich-text allow-list.

    Without JavaScript the textarea is used directly: text without any tag is taken as
    paragraphs separated by blank lines.
    """

    widget = forms.Textarea

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", RICH_TEXT_MAX_LENGTH)
        super().__init__(**kwargs)
        self.widget.attrs.update({"rows": 10, "data-richtext": "", "class": "richtext-source"})

    def bound_data(self, data, initial):
        # A form shown again after an error shows what was sent, reduced to the allow-list:
        # the editor puts this value into the page.
        if isinstance(data, str) and _LOOKS_LIKE_HTML.search(data):
            return sanitize(data[: self.max_length])
        return data

    def to_python(self, value):
        value = super().to_python(value)
        if value and not _LOOKS_LIKE_HTML.search(value):
            paragraphs = [part.strip() for part in value.replace("\r\n", "\n").split("\n\n") if part.strip()]
            value = "".join(f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)
        return sanitize(value)

    def validate(self, value):
        super().validate(value)
        if self.required and not to_plain_text(value):
            raise forms.ValidationError("Bitte geben Sie einen Text ein.", code="required")


class AmountField(forms.DecimalField):
    """An amount in euros as a German clerk types it: "120.000,50" as well as "120000,50"."""

    _GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d*)?$")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("€").removesuffix("EUR").strip()
            if self._GROUPED.match(value):
                value = value.replace(".", "")
        return super().to_python(value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several uploads at once; each PDF, ODT, DOCX, PNG or JPEG by content, within the size limit."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        return [self.check(super(AttachmentsField, self).clean(upload, initial)) for upload in uploads]

    @staticmethod
    def check(upload):
        if upload.size > settings.MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                "Die Datei „%(name)s“ ist zu groß (%(size)s); erlaubt sind höchstens %(limit)s.",
                code="too_large",
                params={
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.MAX_UPLOAD_SIZE),
                },
            )
        data = upload.read()
        upload.seek(0)
        # The type is taken from the content only: a renamed file is not what its name says.
        mime_type = guess_mime_type("", data)
        if mime_type not in ALLOWED_MIME_TYPES:
            raise forms.ValidationError(
                "Die Datei „%(name)s“ hat kein erlaubtes Format. Erlaubt sind PDF, ODT, DOCX, PNG und JPEG.",
                code="wrong_type",
                params={"name": upload.name},
            )
        upload.checked_mime_type = mime_type
        upload.checked_name = attachment_name(upload.name, mime_type)
        return upload


# A File's name holds 250 characters; a file system allows 255 bytes per name, of which
# the storage may need 8 for a suffix ("_abc1234") when the name is taken already.
NAME_MAX_CHARS = 250
NAME_MAX_BYTES = 255 - 8


def attachment_name(name, mime_type=None):
    """A safe file name for an upload: no path, no odd characters, the extension of its type,
    and short enough for the database and the file system (cut at a character, never inside one).
    """
    try:
        name = get_valid_filename(os.path.basename(name or ""))
    except SuspiciousFileOperation:  # nothing usable left, e.g. "€€€"
        name = ""
    if not name.strip("._"):
        name = "anlage"
    if mime_type:
        name = name_for_type(name, mime_type)
    stem, extension = os.path.splitext(name)
    if len(extension) > 10:  # not an extension, just a dot in a long name
        stem, extension = name, ""
    while stem and (len(stem + extension) > NAME_MAX_CHARS or len((stem + extension).encode()) > NAME_MAX_BYTES):
        stem = stem[:-1]
    return (stem or "anlage") + extension


class PaperTypeSelect(forms.Select):
    """Each option names its type's author kind, so paper_form.js shows only the author field it asks for."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if getattr(value, "instance", None) is not None:
            option["attrs"]["data-author-kind"] = value.instance.author_kind
        return option


# Which author field a paper type's author kind asks for (the administration's own papers name none).
AUTHOR_FIELDS = {PaperType.AuthorKind.FACTION: "author_organization", PaperType.AuthorKind.PERSON: "author_person"}
AUTHOR_NOUNS = {PaperType.AuthorKind.FACTION: "Fraktion", PaperType.AuthorKind.PERSON: "Person"}


class PaperForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    resolution_text = RichTextField(label="Beschlusstext")
    reasoning = RichTextField(label="Erläuterung/Begründung", required=False)
    financial_amount = AmountField(
        label="Betrag (EUR)",
        max_digits=14,
        decimal_places=2,
        required=False,
        validators=[MinValueValidator(0, message="Der Betrag darf nicht negativ sein.")],
        localize=True,
    )
    # A clerk states yes or no; only an imported paper may make no statement (None).
    financial_impact = forms.BooleanField(label="Die Vorlage hat finanzielle Auswirkungen", required=False)
    attachments = AttachmentsField(label="Anlagen hinzufügen")
    remove_files = forms.ModelMultipleChoiceField(
        label="Anlagen entfernen", queryset=File.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Paper
        fields = [*PAPER_FIELDS, "related_papers"]
        labels = {
            "paper_type": "Vorlagenart",
            "name": "Titel",
            "date": "Datum",
            "under_direction_of": "Federführendes Amt",
            "author_organization": "Einreichende Fraktion",
            "author_person": "Einreichende Person",
            "financial_budget_line": "Haushaltsstelle",
            "financial_description": "Erläuterung der Finanzierung",
            "public": "Öffentlich (sonst nichtöffentlich)",
            "related_papers": "Verwandte Vorlagen",
        }
        help_texts = {
            "date": "TT.MM.JJJJ; leer lassen, dann gilt das Datum der Einreichung.",
            "author_organization": "Nur bei Vorlagenarten, die eine Fraktion einbringt (z. B. Antrag).",
            "author_person": "Nur bei Vorlagenarten, die eine Person einbringt (z. B. Anfrage).",
        }
        widgets = {
            "paper_type": PaperTypeSelect,
            "date": forms.DateInput(format="%d.%m.%Y"),
            "financial_description": forms.Textarea(attrs={"rows": 3}),
            "related_papers": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, user, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["paper_type"].queryset = PaperType.objects.filter(body=body)
        self.fields["author_organization"].queryset = Organization.objects.filter(
            body=body, kind=Organization.Kind.FACTION
        ).order_by("name")
        self.fields["author_person"].queryset = Person.objects.filter(body=body).order_by("family_name", "given_name")
        departments = Organization.objects.filter(body=body, kind=Organization.Kind.DEPARTMENT)
        self.fields["under_direction_of"].queryset = permissions.department_choices(user, departments)
        related = permissions.office_papers(user).filter(body=body).select_related("paper_type")
        if self.instance.pk:
            related = related.exclude(pk=self.instance.pk)
            self.fields["remove_files"].queryset = self.instance.files.filter(kind=File.Kind.ATTACHMENT)
            self.fields["version"].initial = self.instance.version
        self.fields["related_papers"].queryset = related.order_by("-date", "-id")
        self.fields["related_papers"].required = False
        self.fields["date"].input_formats = ["%d.%m.%Y", "%Y-%m-%d"]
        self.fields["date"].validators.append(validate_sane_date)
        self.fields["name"].widget.attrs["size"] = 80
        limit = filesizeformat(settings.MAX_UPLOAD_SIZE)
        self.fields["attachments"].help_text = f"PDF, ODT, DOCX, PNG oder JPEG, je Datei höchstens {limit}."

    def clean(self):
        data = super().clean()
        self._clean_author(data)
        if data.get("financial_impact"):
            required = {
                "financial_amount": "Bitte geben Sie den Betrag an.",
                "financial_budget_line": "Bitte geben Sie die Haushaltsstelle an.",
                "financial_description": "Bitte erläutern Sie die Finanzierung.",
            }
            for field, message in required.items():
                if field not in self.errors and data.get(field) in (None, ""):
                    self.add_error(field, message)
        else:
            data["financial_amount"] = None
            data["financial_budget_line"] = ""
            data["financial_description"] = ""
        return data

    def _clean_author(self, data):
        """The author fits the type's author kind: a faction for "faction", a person for "person", else none."""
        paper_type = data.get("paper_type")
        if paper_type is None:
            return
        kind = paper_type.author_kind
        wanted = AUTHOR_FIELDS.get(kind)
        for other, field in AUTHOR_FIELDS.items():
            if field == wanted:
                if field not in self.errors and data.get(field) is None:
                    self.add_error(
                        field, f"„{paper_type.name}“ bringt eine {AUTHOR_NOUNS[kind]} ein; bitte wählen Sie sie aus."
                    )
            elif data.get(field) is not None:
                if wanted is None:
                    data[field] = None  # shown without JavaScript, but the administration's papers name no author
                else:
                    self.add_error(
                        field,
                        f"„{paper_type.name}“ bringt eine {AUTHOR_NOUNS[kind]} ein, keine {AUTHOR_NOUNS[other]}; "
                        "bitte leeren Sie dieses Feld.",
                    )


ROLE_CHOICES = [
    (Consultation.Role.PRELIMINARY, "Vorberatung"),
    (Consultation.Role.DECISION, "Entscheidung"),
    (Consultation.Role.INFORMATION, "Kenntnisnahme"),
]
# The fields of one row of the Beratungsfolge, as posted ("beratung-<row>-<field>").
CONSULTATION_PREFIX = "beratung"
CONSULTATION_FIELDS = ("organization", "role", "target_meeting")
MAX_CONSULTATIONS = 20


class ConsultationForm(forms.Form):
    """One row of the Beratungsfolge; a row without a Gremium is empty and ignored.

    The choices are handed over ready-made (`ConsultationChoices`), so twenty rows cost no
    more queries than one.
    """

    organization = forms.TypedChoiceField(
        label="Gremium",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Dieses Gremium gibt es nicht oder es berät keine Vorlagen."},
    )
    role = forms.ChoiceField(label="Rolle", choices=ROLE_CHOICES, initial=Consultation.Role.PRELIMINARY)
    target_meeting = forms.TypedChoiceField(
        label="Sitzung",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Diese Sitzung ist nicht (mehr) geplant; bitte wählen Sie eine andere."},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["organization"].choices = [("", "– kein Gremium –"), *choices.organization_choices]
        self.fields["target_meeting"].choices = [("", "nächste passende"), *choices.meeting_choices]

    def clean(self):
        data = super().clean()
        organization = self.choices.organizations.get(data.get("organization"))
        meeting = self.choices.meetings.get(data.get("target_meeting"))
        if meeting is not None and organization is None:
            self.add_error("organization", "Bitte wählen Sie das Gremium der gewählten Sitzung.")
        elif meeting is not None and meeting.organization_id != organization.pk:
            self.add_error(
                "target_meeting", f"Die gewählte Sitzung ist keine Sitzung von „{organization.marker_name}“."
            )
        data["organization"] = organization
        data["target_meeting"] = meeting
        return data


class ConsultationChoices:
    """The Gremien of a Body that consult papers and their planned meetings (plus those already chosen)."""

    def __init__(self, body, keep_meetings=()):
        self.organizations = {
            organization.pk: organization
            for organization in Organization.objects.filter(body=body, kind__in=Organization.CONSULTING_KINDS)
        }
        planned = Q(state__in=(Meeting.State.PLANNED, Meeting.State.INVITED), start__gte=timezone.now())
        meetings = Meeting.objects.filter(organization_id__in=self.organizations).filter(
            planned | Q(pk__in=keep_meetings)
        )
        self.meetings = {meeting.pk: meeting for meeting in meetings.order_by("start", "pk")}
        self.organization_choices = [
            (organization.pk, organization.name)
            for organization in sorted(self.organizations.values(), key=lambda o: o.name)
        ]
        grouped = {}
        for meeting in self.meetings.values():
            grouped.setdefault(meeting.organization_id, []).append(
                (meeting.pk, f"{timezone.localtime(meeting.start):%d.%m.%Y %H:%M} Uhr")
            )
        self.meeting_choices = [
            (organization.name, grouped[pk]) for pk, organization in self.organizations.items() if pk in grouped
        ]


class BaseConsultationFormSet(forms.BaseFormSet):
    needs_decision = False

    def clean(self):
        if any(self.errors):
            return
        steps = self.steps()
        if not steps:
            raise forms.ValidationError("Bitte legen Sie die Beratungsfolge fest (mindestens ein Gremium).")
        if self.needs_decision and not any(step["role"] == Consultation.Role.DECISION for step in steps):
            raise forms.ValidationError(
                "Diese Vorlagenart braucht ein entscheidendes Gremium: wählen Sie bei einem Gremium die Rolle "
                "„Entscheidung“."
            )

    def steps(self):
        """The rows with a Gremium, in the order of the rows on the page."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("organization")]


# absolute_max: a forged TOTAL_FORMS builds no more rows than a clerk may send (Django's
# default would build and render 1 020 of them, for seconds of server time per request).
ConsultationFormSet = forms.formset_factory(
    ConsultationForm,
    formset=BaseConsultationFormSet,
    extra=1,
    max_num=MAX_CONSULTATIONS,
    absolute_max=MAX_CONSULTATIONS,
    validate_max=True,
)


def consultation_formset(data=None, *, body, paper=None):
    initial = None
    kept = ()
    if paper is not None and paper.pk:
        consultations = list(paper.consultations.all())
        kept = [c.target_meeting_id for c in consultations if c.target_meeting_id]
        if data is None:
            initial = [
                {"organization": c.organization_id, "role": c.role, "target_meeting": c.target_meeting_id}
                for c in consultations
            ]
    choices = ConsultationChoices(body, keep_meetings=kept)
    formset = ConsultationFormSet(data, initial=initial, prefix=CONSULTATION_PREFIX, form_kwargs={"choices": choices})
    if initial:
        formset.extra = 0
    return formset


# The buttons of the Beratungsfolge that change its rows without saving (name="beratungsfolge").
ROW_COMMAND = re.compile(r"^(?:neu|(entfernen|hoch|runter)-(\d{1,2}))$")


def is_row_command(value):
    return bool(value and ROW_COMMAND.match(value))


def rearranged(data, command, prefix=CONSULTATION_PREFIX):
    """`data` with the rows of the Beratungsfolge changed as a row button asks (without JavaScript).

    "neu" adds an empty row, "entfernen-2" removes the third row, "hoch-2" / "runter-2" move
    it; everything else the form sent stays as it was.
    """
    try:
        total = min(max(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), 0), MAX_CONSULTATIONS)
    except ValueError:
        total = 0
    rows = [[data.get(f"{prefix}-{index}-{name}", "") for name in CONSULTATION_FIELDS] for index in range(total)]
    empty = ["", Consultation.Role.PRELIMINARY, ""]
    match = ROW_COMMAND.match(command or "")
    if match and match.group(1) is None:
        if len(rows) < MAX_CONSULTATIONS:
            rows.append(empty)
    elif match:
        action, index = match.group(1), int(match.group(2))
        if index < len(rows):
            if action == "entfernen":
                del rows[index]
            elif action == "hoch" and index > 0:
                rows[index - 1], rows[index] = rows[index], rows[index - 1]
            elif action == "runter" and index + 1 < len(rows):
                rows[index], rows[index + 1] = rows[index + 1], rows[index]
    if not rows:
        rows.append(empty)
    changed = data.copy()
    for key in list(changed):
        if key.startswith(f"{prefix}-") and not key.endswith("_FORMS"):
            del changed[key]
    for index, row in enumerate(rows):
        for name, value in zip(CONSULTATION_FIELDS, row, strict=True):
            changed[f"{prefix}-{index}-{name}"] = value
    changed[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
    changed[f"{prefix}-INITIAL_FORMS"] = "0"
    return changed


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="Kommentar", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="Begründung der Rückgabe",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Bitte begründen Sie die Rückgabe."},
    )


class PaperFilterForm(forms.Form):
    arbeit = forms.ChoiceField(label="Meine Arbeit", required=False)
    q = forms.CharField(label="Titel oder Vorlagen-Nr.", required=False, max_length=200)
    state = forms.ChoiceField(label="Stand", required=False)
    paper_type = forms.ModelChoiceField(label="Vorlagenart", queryset=PaperType.objects.none(), required=False)
    department = forms.ModelChoiceField(
        label="Federführendes Amt", queryset=Organization.objects.none(), required=False
    )

    def __init__(self, *args, body_ids, work_sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The sections of "Meine Arbeit" (`office.work`) this user has.
        self.fields["arbeit"].choices = [("", "alle Vorlagen")] + [(s.key, s.title) for s in work_sections]
        self.fields["state"].choices = [("", "alle")] + list(Paper.State.choices)
        self.fields["paper_type"].queryset = PaperType.objects.filter(body_id__in=body_ids)
        self.fields["paper_type"].empty_label = "alle"
        self.fields["department"].queryset = Organization.objects.filter(
            body_id__in=body_ids, kind=Organization.Kind.DEPARTMENT
        )
        self.fields["department"].empty_label = "alle"
