"""Demo consultations for Miasto Leszno, written through the services.

1. A closed consultation of the draft cooperation programme for 2027 (units from the Leszno seed: the
   main goal, specific goals, principles, forms of cooperation, priority areas), with comments by three
   organisations, a survey, a meeting with minutes, a merged duplicate, the office's answers and the
   published report. Comments are accepted only during the period and answered only after it, so the
   consultation is published and commented first, then its period and meeting are moved into the past
   (the only direct updates here), and the answers and the report follow with the real clock.
2. An open consultation (everyone may comment) so visitors can try commenting.
Idempotent by title.
"""

import datetime as dt
from typing import Any

from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.accounts.models import User
from pozytek.consultations import services
from pozytek.consultations.drafting import units_from_text
from pozytek.consultations.models import Consultation, Meeting
from pozytek.organisations.models import OrganisationMember
from pozytek.tenants.models import Tenant

OFFICIAL = "urzednik.leszno@pozytek.localhost"
PROGRAMME = "Projekt programu współpracy Miasta Leszna z organizacjami pozarządowymi na rok 2027"
OPEN_TITLE = "Projekt regulaminu korzystania z Centrum Organizacji Pozarządowych w Lesznie"
NGOS = ("kultura.leszno@pozytek.localhost", "wolontariat.leszno@pozytek.localhost", "sport.leszno@pozytek.localhost")
RESIDENT = "mieszkaniec@pozytek.localhost"

PROGRAMME_TEXT = "\n".join(
    [
        "Rozdział 1 Postanowienia ogólne",
        (
            "§ 1. Program współpracy Miasta Leszna z organizacjami pozarządowymi oraz podmiotami wymienionymi w "
            "art. 3 ust. 3 ustawy o działalności pożytku publicznego i o wolontariacie na rok 2027 określa cele, "
            "zasady, formy i priorytetowe zadania współpracy."
        ),
        "Rozdział 2 Cele programu",
        (
            "§ 2. Celem głównym Programu jest rozwój społeczeństwa obywatelskiego oraz wspieranie różnych form i "
            "płaszczyzn współpracy międzysektorowej dla lepszego zaspokajania potrzeb i podnoszenia poziomu życia"
            " mieszkańców Leszna."
        ),
        "§ 3. Cele szczegółowe Programu to:",
        (
            "1) kształtowanie lokalnego społeczeństwa obywatelskiego rozumianego jako społeczność aktywna i "
            "zdolna do samoorganizacji oraz wzmacnianie leszczyńskiego sektora pozarządowego;"
        ),
        (
            "2) rozwój aktywności społecznej w zakresie podejmowania inicjatyw na rzecz rozwiązywania problemów "
            "lokalnych oraz zwiększenie wpływu sektora pozarządowego na kreowanie polityki społecznej w Lesznie;"
        ),
        (
            "3) tworzenie warunków do współpracy między organizacjami pozarządowymi oraz nawiązywania relacji "
            "międzysektorowych z samorządem, biznesem i jednostkami naukowymi;"
        ),
        (
            "4) umacnianie w świadomości społecznej poczucia odpowiedzialności za siebie i swoje otoczenie, w tym"
            " przestrzeń publiczną, wspólnotę lokalną oraz jej tradycje;"
        ),
        ("5) stałe usprawnianie wzajemnej komunikacji między Urzędem Miasta Leszna a organizacjami pozarządowymi;"),
        "6) ułatwianie procesu składania ofert i sprawozdań z realizacji zadań publicznych;",
        "7) wzmocnienie potencjału organizacji oraz rozwój i promocja wolontariatu.",
        "Rozdział 3 Zasady współpracy",
        (
            "§ 4. Współpraca Miasta Leszna z organizacjami pozarządowymi odbywa się na zasadach pomocniczości, "
            "suwerenności stron, partnerstwa, efektywności, uczciwej konkurencji, jawności, równości szans, "
            "współodpowiedzialności i solidarności."
        ),
        "Rozdział 4 Formy współpracy",
        (
            "§ 5. Współpraca w zakresie tworzenia polityk publicznych obejmuje w szczególności konsultowanie z "
            "organizacjami pozarządowymi aktów normatywnych w dziedzinach dotyczących ich działalności "
            "statutowej, funkcjonowanie ciał konsultacyjno-doradczych oraz tworzenie wspólnych zespołów o "
            "charakterze doradczym i inicjatywnym."
        ),
        (
            "§ 6. Współpraca w zakresie realizacji zadań publicznych obejmuje zlecanie realizacji zadań "
            "publicznych w drodze otwartych konkursów ofert, trybu pozakonkursowego i regrantingu, udział "
            "przedstawicieli organizacji w opiniowaniu ofert, projekty partnerskie oraz inicjatywę lokalną."
        ),
        (
            "§ 7. Infrastruktura współpracy obejmuje prowadzenie bazy danych o organizacjach pozarządowych, "
            "promowanie ich działalności i przekazywania 1,5% podatku, szkolenia, doradztwo, udostępnianie lokali"
            " z miejskich zasobów, patronaty Prezydenta Miasta Leszna oraz wyróżnienia dla najlepszych działaczy."
        ),
        "Rozdział 5 Priorytetowe zadania publiczne",
        "§ 8. W roku 2027 priorytetowymi zadaniami publicznymi są (przykład demonstracyjny):",
        (
            "1) kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego – wydarzenia kulturalne w "
            "przestrzeni miasta;"
        ),
        "2) wspieranie i upowszechnianie kultury fizycznej – zajęcia sportowe dla dzieci i młodzieży;",
        "3) działalność na rzecz osób w wieku emerytalnym – aktywizacja seniorów;",
        "4) promocja i organizacja wolontariatu – Leszczyńskie Centrum Wolontariatu.",
        "Rozdział 6 Postanowienia końcowe",
        (
            "§ 9. Na realizację Programu przeznacza się kwotę określoną w uchwale budżetowej Miasta Leszna na rok"
            " 2027. Sprawozdanie z realizacji Programu Prezydent Miasta Leszna przedkłada Radzie Miejskiej do 31 "
            "maja 2028 r."
        ),
    ]
)

OPEN_TEXT = "\n".join(
    [
        (
            "§ 1. Centrum Organizacji Pozarządowych w Lesznie udostępnia organizacjom sale spotkań, sprzęt "
            "biurowy i doradztwo bezpłatnie."
        ),
        (
            "§ 2. Salę rezerwuje się przez platformę co najmniej 3 dni przed terminem; rezerwacja może obejmować "
            "do 20 godzin w miesiącu."
        ),
        "§ 3. Organizacja korzystająca z sali dba o porządek i zgłasza usterki opiekunowi Centrum.",
        "§ 4. Regulamin wchodzi w życie z dniem 1 stycznia 2027 r. (przykład demonstracyjny).",
    ]
)

SURVEY = [
    {"text": "Jak oceniasz projekt programu jako całość?", "kind": "scale"},
    {
        "text": "Która forma współpracy jest dla Twojej organizacji najważniejsza?",
        "kind": "choice",
        "choices": "Otwarte konkursy ofert\nSzkolenia i doradztwo\nUdostępnianie lokali\nKonsultacje i ciała doradcze",
    },
    {"text": "Co jeszcze powinno znaleźć się w programie?", "kind": "text"},
]

# (author e-mail, unit label or "" for the whole, proposed wording, justification, answer, reason)
COMMENTS = [
    (
        NGOS[0],
        "§ 8.",
        "1) kultura, sztuka, ochrona dóbr kultury i dziedzictwa narodowego – wydarzenia kulturalne w przestrzeni "
        "miasta, w tym na osiedlach oddalonych od centrum;",
        "Wydarzenia kulturalne koncentrują się w centrum Leszna; mieszkańcy osiedli mają do nich daleko.",
        "accepted",
        "Uwaga uwzględniona: w § 8 pkt 1 dodano wydarzenia na osiedlach.",
    ),
    (
        NGOS[1],
        "§ 7.",
        "",
        "Prosimy o wpisanie wprost prowadzenia Leszczyńskiego Centrum Wolontariatu jako formy infrastruktury "
        "współpracy, a nie tylko zadania priorytetowego.",
        "partly",
        "Centrum Wolontariatu pozostaje zadaniem priorytetowym (§ 8 pkt 4); w § 7 dodano promocję wolontariatu.",
    ),
    (
        NGOS[2],
        "§ 8.",
        "",
        "Wnosimy o dodanie zadania: organizacja zawodów sportowych dla osób z niepełnosprawnościami.",
        "rejected",
        "Zadanie mieści się w § 8 pkt 2 (kultura fizyczna); szczegóły określi ogłoszenie konkursu.",
    ),
    (
        NGOS[0],
        "§ 9.",
        "",
        "Proponujemy podanie w programie planowanej kwoty środków, a nie odsyłanie do uchwały budżetowej.",
        "accepted",
        "Uwaga uwzględniona: w § 9 wpisano planowaną kwotę zgodnie z projektem budżetu.",
    ),
    (
        NGOS[1],
        "§ 9.",
        "",
        "Program powinien wskazywać wysokość środków przeznaczonych na jego realizację.",
        "",  # a duplicate of the comment above: merged, shares its answer
        "",
    ),
]


def load(*, admin: User) -> None:
    with scopes_disabled():
        tenant = Tenant.objects.filter(slug="leszno").first()
        official = User.objects.filter(email=OFFICIAL).first()
        if tenant is None or official is None:
            return
        if not Consultation.objects.filter(tenant=tenant, title=PROGRAMME).exists():
            _programme(tenant, official)
        if not Consultation.objects.filter(tenant=tenant, title=OPEN_TITLE).exists():
            _open(tenant, official)


def _data(
    title: str, *, audience: str, survey: bool, meetings: bool, act_title: str, justification: str
) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "title": title,
        "act_title": act_title,
        "justification": justification,
        "audience": audience,
        "starts_on": today,
        "ends_on": today + dt.timedelta(days=14),
        "online_comments": True,
        "survey": survey,
        "meetings": meetings,
        "comments_public": True,
        "contact_name": "Urzędnik Miasta Leszna (pełnomocnik ds. organizacji pozarządowych)",
        "contact_email": "ngo@leszno.pl",
        "contact_phone": "65 529 81 00",
    }


def _organisation_of(user: User) -> Any:
    member = OrganisationMember.objects.filter(user=user).select_related("organisation").first()
    return member.organisation if member else None


def _programme(tenant: Tenant, official: User) -> None:
    consultation = services.create_consultation(
        tenant=tenant,
        actor=official,
        data=_data(
            PROGRAMME,
            audience="ngos",
            survey=True,
            meetings=True,
            act_title="Uchwała Rady Miejskiej Leszna w sprawie programu współpracy na rok 2027",
            justification=(
                "Program współpracy uchwala się corocznie (art. 5a ust. 1 ustawy o działalności pożytku publicznego "
                "i o wolontariacie). Projekt podlega konsultacjom z organizacjami pozarządowymi w trybie uchwały "
                "Rady Miejskiej Leszna nr XLVI/570/2010."
            ),
        ),
        units=units_from_text(PROGRAMME_TEXT),
    )
    services.set_questions(consultation=consultation, actor=official, questions=SURVEY)
    meeting = services.add_meeting(
        consultation=consultation,
        actor=official,
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="Urząd Miasta Leszna, Sala Sesyjna, ul. Kazimierza Karasia 15",
        description="Otwarte spotkanie konsultacyjne projektu programu.",
        registration_required=True,
        capacity=40,
    )
    consultation = services.publish_consultation(consultation=consultation, actor=official)
    units = {u.label: u for u in consultation.units.all()}
    comments: list[Any] = []
    for email, label, wording, justification, _answer, _reason in COMMENTS:
        author = User.objects.filter(email=email).first()
        organisation = _organisation_of(author) if author else None
        if author is None or organisation is None:
            comments.append(None)
            continue
        comments.append(
            services.submit_comment(
                consultation=consultation,
                actor=author,
                unit_id=units[label].pk if label else None,
                organisation=organisation,
                proposed_wording=wording,
                justification=justification,
            )
        )
    questions = list(consultation.questions.all())
    choices = ["Otwarte konkursy ofert", "Szkolenia i doradztwo", "Otwarte konkursy ofert"]
    for n, email in enumerate(NGOS):
        author = User.objects.filter(email=email).first()
        organisation = _organisation_of(author) if author else None
        if author is None or organisation is None:
            continue
        services.submit_survey(
            consultation=consultation,
            actor=author,
            organisation=organisation,
            answers={
                questions[0].pk: str(4 + n % 2),
                questions[1].pk: choices[n],
                questions[2].pk: "Więcej szkoleń z rozliczania dotacji." if n == 0 else "",
            },
        )
        services.register_for_meeting(meeting=meeting, actor=author, organisation=organisation)
    # The period and the meeting are moved into the past (see the module's docstring).
    today = timezone.localdate()
    Consultation.objects.filter(pk=consultation.pk).update(
        starts_on=today - dt.timedelta(days=30), ends_on=today - dt.timedelta(days=16)
    )
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(days=20))
    consultation.refresh_from_db()
    meeting.refresh_from_db()
    services.record_minutes(
        meeting=meeting,
        actor=official,
        minutes=(
            "W spotkaniu udział wzięło 12 osób reprezentujących 9 organizacji. Omówiono cele szczegółowe i zadania "
            "priorytetowe. Uczestnicy postulowali wydarzenia kulturalne na osiedlach i podanie w programie kwoty "
            "środków; wnioski zgłoszono także jako uwagi na platformie."
        ),
        attendance=12,
    )
    main = comments[3]
    for comment, (_email, _label, _wording, _justification, answer, reason) in zip(comments, COMMENTS, strict=True):
        if comment is None:
            continue
        if answer:
            services.answer_comment(comment=comment, actor=official, response=answer, reason=reason)
        elif main is not None:
            services.merge_comment(comment=comment, into=main, actor=official)
    services.publish_report(
        consultation=consultation,
        actor=official,
        summary=(
            "W konsultacjach wzięły udział trzy organizacje; wpłynęło pięć uwag (dwie dotyczyły tej samej sprawy i "
            "zostały połączone). Uwzględniono dwie uwagi w całości i jedną częściowo. Projekt programu z "
            "wprowadzonymi zmianami zostanie przedłożony Radzie Miejskiej Leszna."
        ),
    )


def _open(tenant: Tenant, official: User) -> None:
    consultation = services.create_consultation(
        tenant=tenant,
        actor=official,
        data=_data(
            OPEN_TITLE,
            audience="everyone",
            survey=False,
            meetings=True,
            act_title="Zarządzenie Prezydenta Miasta Leszna w sprawie regulaminu Centrum Organizacji Pozarządowych",
            justification="Regulamin porządkuje zasady korzystania z sal i sprzętu Centrum (przykład demonstracyjny).",
        ),
        units=units_from_text(OPEN_TEXT),
    )
    services.add_meeting(
        consultation=consultation,
        actor=official,
        starts_at=timezone.now() + dt.timedelta(days=5),
        place="Centrum Organizacji Pozarządowych, Leszno",
        registration_required=True,
        capacity=25,
    )
    consultation = services.publish_consultation(consultation=consultation, actor=official)
    author = User.objects.filter(email=NGOS[0]).first()
    organisation = _organisation_of(author) if author else None
    if author is not None and organisation is not None:
        services.submit_comment(
            consultation=consultation,
            actor=author,
            unit_id=consultation.units.get(label="§ 2.").pk,
            organisation=organisation,
            proposed_wording="Salę rezerwuje się przez platformę co najmniej 2 dni przed terminem.",
            justification="Trzy dni to za długo przy spotkaniach zwoływanych w pilnych sprawach.",
        )
