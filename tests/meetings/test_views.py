import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from council.models import AgendaItem, Meeting, Vote
from meetings import agenda, minutes
from meetings.errors import MeetingsError
from resolutions.amendments import amended_text
from resolutions.models import Amendment, Paper
from tests import factories as f
from tests.meetings.conftest import SEED_TEXT, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world):
    meeting = f.meeting(world.council, start=at(2026, 5, 4), location=f.location(world.body))
    paper = f.paper(world.body, resolution_text=SEED_TEXT, under_direction_of=world.department)
    consultation = f.consultation(paper, world.council)
    agenda.add_standing_items(meeting, ["opening", "quorum"], by=world.office)
    item = agenda.add_paper(meeting, consultation, by=world.office)
    waiting = f.consultation(f.paper(world.body, under_direction_of=world.department), world.council)
    return {"meeting": meeting, "item": item, "paper": paper, "waiting": waiting}


def get_urls(scene):
    meeting, item = scene["meeting"], scene["item"]
    return [
        reverse("meetings:index"),
        reverse("meetings:meeting_create"),
        reverse("meetings:meeting_series"),
        reverse("meetings:meeting", args=[meeting.pk]),
        reverse("meetings:meeting_edit", args=[meeting.pk]),
        reverse("meetings:minutes", args=[meeting.pk]),
        reverse("meetings:item_result", args=[item.pk]),
    ]


def post_urls(scene):
    meeting, item = scene["meeting"], scene["item"]
    return [
        (reverse("meetings:add_standing_items", args=[meeting.pk]), {"items": ["residents"]}),
        (reverse("meetings:add_item", args=[meeting.pk]), {"name": "Anfragen", "public": "on"}),
        (reverse("meetings:add_paper", args=[meeting.pk]), {"consultation": scene["waiting"].pk}),
        (reverse("meetings:move_item", args=[item.pk]), {"richtung": "hoch"}),
        (reverse("meetings:toggle_public", args=[item.pk]), {}),
        (reverse("meetings:remove_item", args=[item.pk]), {}),
        (reverse("meetings:publish", args=[meeting.pk]), {}),
        (reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Keine Beratungsgegenstände"}),
        (reverse("meetings:meeting_edit", args=[meeting.pk]), {"date": "2026-05-05", "start_time": "17:00"}),
        (reverse("meetings:item_result", args=[item.pk]), {"result": "noted"}),
        (reverse("meetings:minutes_open", args=[meeting.pk]), {}),
        (reverse("meetings:minutes_notes", args=[meeting.pk]), {}),
        (reverse("meetings:minutes", args=[meeting.pk]), {"remarks": "x"}),
        (reverse("meetings:attendance", args=[meeting.pk]), {}),
    ]


def outsiders(world):
    other_body = f.body()
    councillor_person = f.person(world.body)
    f.membership(councillor_person, world.council)
    return {
        "clerk": f.user(world.body, roles.CLERK, department=world.department),
        "head of department": f.user(world.body, roles.HEAD_OF_DEPARTMENT, department=world.department),
        "mayor": f.user(world.body, roles.MAYOR),
        "councillor": f.user(world.body, roles.COUNCILLOR, person=councillor_person),
        "office of another Body": f.user(other_body, roles.COUNCIL_OFFICE, initials="xyz"),
    }


def test_anonymous_visitors_are_sent_to_the_login(client, world, scene):
    for url in get_urls(scene):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/konto/anmelden/"), url
    for url, data in post_urls(scene):
        assert client.post(url, data).status_code == 302, url
    assert scene["meeting"].agenda_items.count() == 3


@pytest.mark.parametrize("who", ["clerk", "head of department", "mayor", "councillor", "office of another Body"])
def test_everyone_but_the_council_office_of_the_body_gets_403(client, world, scene, who):
    client.force_login(outsiders(world)[who])
    for url in get_urls(scene):
        if who == "office of another Body" and url in get_urls(scene)[:3]:
            assert client.get(url).status_code == 200  # their own Body's lists and forms
            continue
        assert client.get(url).status_code == 403, url
    for url, data in post_urls(scene):
        assert client.post(url, data).status_code == 403, url
    meeting = Meeting.objects.get(pk=scene["meeting"].pk)
    assert meeting.state == Meeting.State.PLANNED and meeting.agenda_items.count() == 3


def test_the_council_office_and_superusers_use_every_page(client, world, scene):
    admin = f.user(world.body, is_superuser=True, is_staff=True)
    for user in (world.office, admin):
        client.force_login(user)
        for url in get_urls(scene):
            assert client.get(url).status_code == 200, url


def test_the_office_builds_an_agenda_through_the_pages(client, world, scene):
    client.force_login(world.office)
    meeting = scene["meeting"]
    response = client.post(reverse("meetings:add_paper", args=[meeting.pk]), {"consultation": scene["waiting"].pk})
    assert response.status_code == 302
    client.post(reverse("meetings:add_item", args=[meeting.pk]), {"name": "Personalsache"})
    client.post(reverse("meetings:move_item", args=[scene["item"].pk]), {"richtung": "runter"})
    numbers = list(meeting.agenda_items.order_by("order").values_list("number", "name"))
    assert numbers == [
        ("Ö 1", "Eröffnung der Sitzung"),
        ("Ö 2", "Feststellung der ordnungsgemäßen Ladung und der Beschlussfähigkeit"),
        ("Ö 3", scene["waiting"].paper.name),
        ("Ö 4", scene["paper"].name),
        ("N 1", "Personalsache"),
    ]
    client.post(reverse("meetings:publish", args=[meeting.pk]), {"urgent_reason": "Nachholtermin"})
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.INVITED
    html = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "veröffentlicht am" in html and "Regelpunkte voranstellen" not in html
    client.post(reverse("meetings:add_item", args=[meeting.pk]), {"name": "Dringliches", "public": "on"})
    late = meeting.agenda_items.get(name="Dringliches")
    assert late.is_supplement and late.number == "Ö 5"
    assert "Nachtrag" in client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()


def test_a_refused_action_shows_the_reason_and_keeps_the_input(client, world, scene):
    client.force_login(world.office)
    meeting = scene["meeting"]
    client.post(reverse("meetings:publish", args=[meeting.pk]), {"urgent_reason": "Nachholtermin"})
    response = client.post(reverse("meetings:add_standing_items", args=[meeting.pk]), {"items": ["minutes"]})
    assert response.status_code == 400
    assert "Regelpunkte können nicht mehr vorangestellt werden" in response.content.decode()
    response = client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "x" * 300})
    assert response.status_code == 400 and "x" * 250 in response.content.decode()
    client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Krankheit", "confirmed": "True"})
    response = client.post(reverse("meetings:add_item", args=[meeting.pk]), {"name": "Nachzügler"})
    assert response.status_code == 400
    assert "Die Sitzung ist abgesagt" in response.content.decode()
    item_response = client.post(
        reverse("meetings:item_result", args=[scene["item"].pk]), {"result": "adopted", "votes_yes": "3"}
    )
    assert item_response.status_code == 400
    assert "abgesagt" in item_response.content.decode()


def test_the_office_records_a_result_with_an_amendment_through_the_page(client, world, scene):
    meeting, item, paper = scene["meeting"], scene["item"], scene["paper"]
    agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))
    client.force_login(world.office)
    url = reverse("meetings:item_result", args=[item.pk])
    page = client.get(url)
    form_text = page.context["form"].initial["decided_text"]
    # The decided text is edited in the rich-text editor (the back office's, static JS).
    assert form_text.startswith("<p>Die Stadtverordnetenversammlung beschließt:")
    assert "office/editor.js" in page.content.decode() and "data-richtext" in page.content.decode()
    text = form_text.replace(
        "Digitale Kommunen Brandenburg.", "Digitale Kommunen Brandenburg zum nächstmöglichen Zeitpunkt."
    )

    too_many = {"result": "adopted_with_changes", "votes_yes": "5", "votes_no": "1", "decided_text": text}
    response = client.post(url, too_many)
    assert response.status_code == 400
    assert "6 abgegebene Stimmen sind mehr als die 5 stimmberechtigten Mitglieder" in response.content.decode()
    assert "zum nächstmöglichen Zeitpunkt" in response.content.decode()  # the edit is kept
    assert not Amendment.objects.exists()

    # Saving a changed text shows the preview of its amendments first; nothing is saved yet.
    data = {**too_many, "votes_yes": "4", "aktion": "speichern"}
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and not Amendment.objects.exists()
    assert "Vorschau der Änderungen" in html
    assert '<option value="added" selected>ergänzt</option>' in html
    preview = response.context["preview"]
    assert [a.kind for a in preview.amendments] == [Amendment.Kind.ADDED]
    assert 'Brandenburg zum nächstmöglichen Zeitpunkt. <a class="amendment-marker" href="#vorschau-' in html
    assert "*) ergänzt STVV 04.05.2026/jae" in html

    # The office corrects the kind in the preview and saves.
    response = client.post(url, {**data, "vorschau_von": preview.key, "anzahl": "1", "art-0": "changed"})
    assert response.status_code == 302
    assert [str(n) for n in amended_text(paper).footnotes] == ["*) geändert STVV 04.05.2026/jae"]
    paper.refresh_from_db()
    assert paper.state == Paper.State.DECIDED


def test_the_preview_button_shows_the_amendments_and_keeps_every_input(client, world, scene):
    meeting, item = scene["meeting"], scene["item"]
    agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))
    client.force_login(world.office)
    url = reverse("meetings:item_result", args=[item.pk])
    # Without JavaScript the text is plain paragraphs.
    text = (
        "Die Stadtverordnetenversammlung beschließt: den Beitritt der Stadt Luckenwalde zum Zweckverband "
        "Digitale Kommunen Brandenburg.\n\nDie Bürgermeisterin wird beauftragt den Aufnahmeantrag für die Stadt "
        "Luckenwalde zu stellen."
    )
    data = {"result": "adopted_with_changes", "votes_yes": "3", "decided_text": text, "aktion": "vorschau"}

    response = client.post(url, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert [(a.kind, a.text_before) for a in response.context["preview"].amendments] == [
        (Amendment.Kind.STRUCK, " beim Zweckverband Digitale Kommunen Brandenburg (DiKom)"),
    ]
    assert '<del class="amended">beim Zweckverband Digitale Kommunen Brandenburg (DiKom)</del>' in html
    assert 'name="art-0" value="struck"' in html
    assert 'value="3"' in html and "Luckenwalde zu stellen" in html
    key = response.context["preview"].key

    # A struck passage cannot become an addition; the text whose preview was seen may not change unseen.
    refused = client.post(url, {**data, "aktion": "speichern", "vorschau_von": key, "anzahl": "1", "art-0": "added"})
    assert refused.status_code == 400 and "eine Streichung bleibt „gestrichen“" in refused.content.decode()
    changed = {**data, "aktion": "speichern", "decided_text": text + "\n\nNeu.", "vorschau_von": key, "anzahl": "1"}
    response = client.post(url, changed)
    assert response.status_code == 200 and len(response.context["preview"].amendments) == 2
    assert not Amendment.objects.exists()

    saved = client.post(url, {**data, "aktion": "speichern", "vorschau_von": key, "anzahl": "1", "art-0": "struck"})
    assert saved.status_code == 302
    assert Amendment.objects.get().kind == Amendment.Kind.STRUCK


def test_votes_beyond_the_members_present_are_a_form_error_naming_the_numbers(client, world, scene):
    meeting, item = scene["meeting"], scene["item"]
    agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    guest = f.person(world.body, family_name="Gast")
    minutes.record_attendance(meeting, {m.pk for m in world.members[:3]} | {guest.pk}, set(), by=world.office)
    client.force_login(world.office)
    url = reverse("meetings:item_result", args=[item.pk])

    response = client.post(url, {"result": "adopted", "votes_yes": "3", "votes_no": "1"})

    html = response.content.decode()
    assert response.status_code == 400
    assert "4 abgegebene Stimmen (3 ja, 1 nein, 0 Enthaltungen) sind mehr als die 3 anwesenden" in html
    assert "anwesend laut Anwesenheitsliste: 3" in html
    assert client.post(url, {"result": "adopted", "votes_yes": "2", "votes_no": "1"}).status_code == 302


def test_bad_input_is_a_form_error_not_a_crash(client, world, scene):
    client.force_login(world.office)
    meeting, item = scene["meeting"], scene["item"]
    assert client.post(reverse("meetings:item_result", args=[item.pk]), {"result": "nonsense"}).status_code == 400
    assert (
        client.post(reverse("meetings:item_result", args=[item.pk]), {"result": "noted", "votes_yes": "-3"}).status_code
        == 400
    )
    assert client.post(reverse("meetings:add_paper", args=[meeting.pk]), {"consultation": "999999"}).status_code == 400
    assert client.post(reverse("meetings:move_item", args=[item.pk]), {"richtung": "seitwärts"}).status_code == 400
    response = client.post(reverse("meetings:meeting_create"), {"organization": world.council.pk, "date": "kein"})
    assert response.status_code == 200 and "Datum" in response.content.decode()
    assert client.get(reverse("meetings:meeting", args=[999999])).status_code == 404


def test_the_office_plans_a_series_through_the_page(client, world):
    client.force_login(world.office)
    data = {
        "organization": world.council.pk, "year": "2027", "week": "2", "weekday": "1", "time": "17:00",
        "months": ["1", "3", "5"], "duration": "150",
    }  # fmt: skip
    assert client.post(reverse("meetings:meeting_series"), data).status_code == 302
    starts = [m.date.isoformat() for m in Meeting.objects.filter(organization=world.council).order_by("start")]
    assert starts == ["2027-01-12", "2027-03-09", "2027-05-11"]


def test_nav_shows_sitzungsdienst_only_to_the_office(client, world):
    client.force_login(world.office)
    assert "Sitzungsdienst</a>" in client.get(reverse("meetings:index")).content.decode()
    client.force_login(f.user(world.body, roles.CLERK))
    assert "Sitzungsdienst</a>" not in client.get(f"/{world.body.slug}/").content.decode()


def test_office_pages_keep_their_query_budget(client, world, scene):
    client.force_login(world.office)
    meeting = scene["meeting"]
    for index in range(3):
        f.meeting(world.council, start=at(2026, 9, 1 + index))

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = get_urls(scene)
    before = {url: queries(url) for url in urls}
    for name in ("Zusatz 1", "Zusatz 2", "Zusatz 3"):
        agenda.add_paper(meeting, f.consultation(f.paper(world.body, name=name), world.council), by=world.office)
        f.consultation(f.paper(world.body), world.council)
    for index in range(3):
        f.meeting(world.council, start=at(2026, 10, 1 + index))
    AgendaItem.objects.filter(meeting=meeting).update(result="")
    after = {url: queries(url) for url in urls}
    for url in urls:
        assert after[url] <= 15, url
        assert after[url] == before[url], url


def test_the_office_moves_a_meeting_to_another_day(client, world, scene):
    client.force_login(world.office)
    meeting = scene["meeting"]
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    response = client.post(url, {"date": "2026-05-05", "start_time": "17:30", "end_time": "17:00"})
    assert response.status_code == 200 and "Das Ende liegt vor dem Beginn." in response.content.decode()
    response = client.post(url, {"date": "2026-05-05", "start_time": "17:30", "organization": world.committee.pk})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.start == at(2026, 5, 5, 17).replace(minute=30) and meeting.organization == world.council


def test_vote_counts_beyond_any_council_are_a_form_error_even_without_known_members(client, world):
    meeting = f.meeting(world.committee, start=at(2026, 5, 5))
    item = agenda.add_item(meeting, "Bericht", public=True, by=world.office)
    agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))
    client.force_login(world.office)

    response = client.post(
        reverse("meetings:item_result", args=[item.pk]), {"result": "adopted", "votes_yes": "99999999999"}
    )

    assert response.status_code == 400
    item.refresh_from_db()
    assert item.votes_yes is None


def test_a_member_has_one_attendance_status_and_an_unknown_one_is_a_form_error(client, world):
    meeting = f.meeting(world.council, start=at(2026, 5, 5), state="held")
    member = world.members[0]
    client.force_login(world.office)

    response = client.post(reverse("meetings:attendance", args=[meeting.pk]), {f"status_{member.pk}": "both"})

    assert response.status_code == 400
    assert "both ist keine gültige Auswahl" in response.content.decode()
    assert not meeting.attendances.exists()


@pytest.mark.parametrize("year", ["0", "10000", "99999999999999999999", "-1", "２０２６", "2026x"])
@pytest.mark.parametrize("time", ["", "&zeit=vergangen"])
def test_a_year_out_of_range_in_the_meeting_list_is_ignored_with_a_hint(client, world, year, time):
    f.meeting(world.council, start=at(2026, 3, 1))
    client.force_login(world.office)
    response = client.get(f"{reverse('meetings:index')}?jahr={year}{time}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte ein Jahr zwischen 1990 und 2100 eingeben" in html
    assert f'value="{year}"' in html  # what was typed stays in the field


def test_an_unknown_state_in_the_meeting_list_is_an_error_next_to_its_field(client, world):
    f.meeting(world.council, start=at(2026, 3, 1))
    client.force_login(world.office)
    html = client.get(f"{reverse('meetings:index')}?stand=abc&zeit=vergangen").content.decode()
    assert 'aria-describedby="stand-fehler"' in html and "Diesen Stand gibt es nicht" in html
    assert "Stadtverordnetenversammlung" in html  # listed unfiltered
    assert "Diesen Stand gibt es nicht" not in client.get(f"{reverse('meetings:index')}?stand=held").content.decode()


def test_the_year_field_takes_any_text_so_the_browser_does_not_drop_it(client, world):
    client.force_login(world.office)
    html = client.get(reverse("meetings:index")).content.decode()
    assert '<input id="jahr" name="jahr" type="text" inputmode="numeric"' in html


def test_a_valid_year_filters_the_meeting_list(client, world):
    f.meeting(world.council, start=at(2025, 3, 1))
    f.meeting(world.committee, start=at(2024, 3, 1))
    client.force_login(world.office)
    html = client.get(f"{reverse('meetings:index')}?jahr=2025&zeit=vergangen").content.decode()
    assert "Stadtverordnetenversammlung" in html and "Hauptausschuss" not in html
    assert "Bitte ein Jahr" not in html


def test_a_namentliche_abstimmung_stores_each_vote_and_derives_the_counts(client, world, scene):
    meeting, item = scene["meeting"], scene["item"]
    agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))
    Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.HELD)
    present, absent = world.members[:4], world.members[4]
    minutes.record_attendance(meeting, {m.pk for m in present}, set(), by=world.office)
    client.force_login(world.office)
    url = reverse("meetings:item_result", args=[item.pk])
    page = client.get(url).content.decode()
    assert "Namentliche Abstimmung" in page
    assert f'name="stimme_{present[0].pk}"' in page and f'name="stimme_{absent.pk}"' not in page

    by_name = {f"stimme_{present[0].pk}": "yes", f"stimme_{present[1].pk}": "yes", f"stimme_{present[2].pk}": "no"}
    mismatch = client.post(url, {"result": "adopted", "votes_yes": "3", **by_name})
    assert mismatch.status_code == 400
    assert "Die namentliche Abstimmung ergibt 2 ja, 1 nein, 0 Enthaltungen" in mismatch.content.decode()
    # Someone not present cannot vote by name (the field is not offered; a forged one is ignored).
    response = client.post(url, {"result": "adopted", f"stimme_{absent.pk}": "no", **by_name})
    assert response.status_code == 302

    item.refresh_from_db()
    assert (item.votes_yes, item.votes_no, item.votes_abstention) == (2, 1, 0)
    assert {(v.person_id, v.choice) for v in Vote.objects.filter(agenda_item=item)} == {
        (present[0].pk, "yes"),
        (present[1].pk, "yes"),
        (present[2].pk, "no"),
    }
    # Changing one vote later changes the counts with it; a vote left empty is removed.
    changed = {f"stimme_{present[0].pk}": "abstention", f"stimme_{present[2].pk}": "no"}
    assert client.post(url, {"result": "adopted", **changed}).status_code == 302
    item.refresh_from_db()
    assert (item.votes_yes, item.votes_no, item.votes_abstention) == (0, 1, 1)
    assert Vote.objects.filter(agenda_item=item).count() == 2


def test_named_votes_of_people_who_may_not_vote_are_refused(world):
    from meetings import results

    meeting = f.meeting(world.council, start=at(2026, 5, 4))
    item = f.agenda_item(meeting)
    agenda.publish_invitation(meeting, by=world.office, at=meeting.start - dt.timedelta(days=14))
    outsider = f.person(world.body, family_name="Gast")
    with pytest.raises(MeetingsError, match="nur die anwesenden stimmberechtigten Mitglieder"):
        results.record_result(item, "noted", by=world.office, named_votes={outsider.pk: "yes"})
    assert not Vote.objects.exists()
