"""Registration, e-mail confirmation, login with rate limit, MFA, password reset, language."""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.core.cache import cache

from pozytek.accounts.models import User
from tests.conftest import TOTP_SECRET, totp_code, with_totp
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.integration


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def signup(client, email="nowa.osoba@example.org", password="Bardzo-trudne-haslo-7"):
    return client.post("/konto/signup/", {"email": email, "password1": password, "password2": password})


def test_signup_sends_confirmation_mail_and_blocks_login_until_confirmed(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client)

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nowa.osoba@example.org"]
    link = re.search(r"http://testserver(/konto/confirm-email/[^\s]+/)", mail.outbox[0].body).group(1)
    assert not EmailAddress.objects.get(email="nowa.osoba@example.org").verified

    client.get(link)
    client.post(link)

    assert EmailAddress.objects.get(email="nowa.osoba@example.org").verified
    login = client.post("/konto/login/", {"login": "nowa.osoba@example.org", "password": "Bardzo-trudne-haslo-7"})
    assert login.status_code == 302
    assert client.get("/konto/profil/").status_code == 200


def test_signup_with_existing_email_is_refused_without_revealing_much(client, resident):
    response = signup(client, email=resident.email.upper())

    assert User.objects.filter(email__iexact=resident.email).count() == 1
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "email": "a" * 250 + "@example.org",
                "password1": "Bardzo-trudne-haslo-7",
                "password2": "Bardzo-trudne-haslo-7",
            },
            "Adres e-mail może mieć najwyżej 254 znaki.",
        ),
        ({"email": "x@example.org", "password1": "krotkie", "password2": "krotkie"}, "To hasło jest za krótkie."),
        (
            {"email": "x@example.org", "password1": "Bardzo-trudne-haslo-7", "password2": "Inne-haslo-8888"},
            "Musisz wpisać za każdym razem to samo hasło.",
        ),
    ],
)
def test_invalid_signup_shows_polish_error_tied_to_the_field(client, db, data, message):
    response = client.post("/konto/signup/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'aria-invalid="true"' in html
    assert User.objects.count() == 0


def test_expired_or_forged_confirmation_link_gives_clear_message(client, db):
    response = client.get("/konto/confirm-email/forged-key-123/")

    assert response.status_code == 200
    assert "Ten link potwierdzający" in response.content.decode()


def test_repeated_failed_logins_are_rate_limited(client, resident):
    statuses = [
        client.post("/konto/login/", {"login": resident.email, "password": "zle-haslo"}).status_code for _ in range(6)
    ]

    assert statuses == [200] * 6
    blocked = client.post("/konto/login/", {"login": resident.email, "password": PASSWORD})
    assert "Zbyt wiele nieudanych prób logowania" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_of_mfa_user_asks_for_code_and_refuses_a_wrong_one(client, resident):
    with_totp(resident)

    first = client.post("/konto/login/", {"login": resident.email, "password": PASSWORD})
    assert first["Location"] == "/konto/2fa/authenticate/"
    wrong = client.post("/konto/2fa/authenticate/", {"code": "000000" if totp_code() != "000000" else "111111"})

    assert wrong.status_code == 200
    assert "Błędny kod." in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    right = client.post("/konto/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)


def test_password_reset_sends_mail_with_working_link(client, resident, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/password/reset/", {"email": resident.email})

    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/konto/password/reset/key/[^\s]+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(action, {"password1": "Nowe-haslo-bardzo-9", "password2": "Nowe-haslo-bardzo-9"})

    assert done.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password("Nowe-haslo-bardzo-9")


def test_password_reset_for_unknown_email_reveals_nothing(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/password/reset/", {"email": "nikt@example.org"})

    assert response.status_code == 302
    assert all("password/reset/key" not in m.body for m in mail.outbox)


@pytest.mark.parametrize(("language", "text"), [("pl", "Zaloguj się"), ("en", "Log in"), ("uk", "Увійти")])
def test_language_switch_changes_the_interface(client, tenant, language, text):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/testowo/"})

    assert response.status_code == 302
    page = client.get("/testowo/").content.decode()
    assert f'<html lang="{language}">' in page
    assert text in page


def test_confirmation_hmac_key_of_another_address_does_not_confirm(client, db):
    victim = UserFactory(verified=False)
    EmailAddress.objects.create(user=victim, email=victim.email, verified=False, primary=True)
    key = EmailConfirmationHMAC(EmailAddress.objects.get(email=victim.email)).key

    client.post(f"/konto/confirm-email/{key[:-2]}xx/")

    assert not EmailAddress.objects.get(email=victim.email).verified
