"""The back office's part of a paper's life, as the demo plans it: written, submitted, signed, released.

A paper is written at once (a draft, with its Beratungsfolge); the steps after that are
planned on the demo's `Story` and run through `resolutions.workflow` in the order of their
moments, as the people of the demo would have taken them.
"""

from council.models import Organization, Person
from lib.history import save_as
from resolutions import numbering, workflow
from resolutions.models import Consultation, Paper, PaperType, ReferenceCounter


def write(body, author, moment, name, paper_type, department, steps, **fields):
    """The draft as its author saved it, with its Beratungsfolge ((organization, role), …).

    Returns (paper, written now); an existing paper of the same name is left as it is.
    """
    existing = Paper.objects.filter(body=body, name=name).first()
    if existing is not None:
        return existing, False
    paper = Paper(
        body=body,
        name=name,
        paper_type=paper_type,
        under_direction_of=department,
        originator=author,
        **submitted_by(body, paper_type, name),
        **fields,
    )
    save_as(paper, author, at=moment)
    for position, (organization, role) in enumerate(steps, start=1):
        consultation = Consultation(paper=paper, body=body, organization=organization, role=role, position=position)
        save_as(consultation, author, at=moment)
    return paper, True


def submitted_by(body, paper_type, name):
    """Who brings in a paper the administration did not write: the faction its title names ("Antrag der
    Fraktion SPD: …"), else the first councillor of the town, as for a councillor's own Anfrage."""
    if paper_type.author_kind == PaperType.AuthorKind.ADMINISTRATION:
        return {}
    faction = Organization.objects.filter(
        body=body, kind=Organization.Kind.FACTION, name=name.split(":")[0].removeprefix(f"{paper_type.name} der ")
    ).first()
    if faction is not None:
        return {"author_organization": faction}
    return {"author_person": Person.objects.filter(body=body).order_by("id").first()}


def release_as(paper, number, *, by, at):
    """Release the paper with the given running number: the counter continues the town's numbering before.

    The demo's references (B-7311/2021, B-8101…) were given by the town's earlier system;
    its counter is set to the number before, as an administrator does when the town moves
    to Ratsinfo, and the release takes the next one.
    """
    paper_type = paper.paper_type
    year = numbering.counter_year(paper_type, at.year)
    counter, _ = ReferenceCounter.objects.get_or_create(paper_type=paper_type, year=year)
    if counter.last_number != number - 1:
        counter.last_number = number - 1
        counter.save(update_fields=["last_number"])
    return workflow.release(paper, by=by, at=at)


def plan_signoff(story, paper, author, signers, submitted, signed, released=None, number=None):
    """Submit at `submitted`; the signers sign at the moments `signed`; release at `released` as `number`."""
    story.on(submitted, workflow.submit, paper, by=author)
    for signer, moment in zip(signers, signed, strict=False):
        story.on(moment, workflow.sign, paper, by=signer)
    if released is not None:
        story.on(released, release_as, paper, number, by=author)


def plan_withdrawal(story, paper, author, moment, comment):
    story.on(moment, workflow.withdraw, paper, by=author, comment=comment)
