"""Login and two-step lockouts (issue 14, defect 6): counted in a cache every worker shares, strict per
account, generous per address (an office of fifty people behind one address logs in at nine)."""

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends import locmem
from django.test import Client

from tests.conftest import TOTP_SECRET, totp_code, with_totp
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.integration

TOO_MANY = "Zbyt wiele nieudanych prób logowania"
OFFICE_ADDRESS = "198.51.100.7"


@pytest.fixture(autouse=True)
def _clear_rate_limits(db):
    cache.clear()
    yield
    cache.clear()


def another_worker() -> None:
    """What the next request sees when another gunicorn worker serves it: that process's memory
    holds nothing of this one's (no in-process cache entries, no open cache connections)."""
    for store in (locmem._caches, locmem._expire_info, locmem._locks):
        store.clear()
    for alias in caches:
        if hasattr(caches._connections, alias):
            del caches[alias]


def log_in(client, user, password=PASSWORD):
    return client.post("/konto/login/", {"login": user.email, "password": password})


def wrong_code() -> str:
    return "000000" if totp_code() != "000000" else "111111"


def test_a_password_lockout_holds_in_every_worker(client, resident):
    for _ in range(5):
        assert TOO_MANY not in log_in(client, resident, "zle-haslo").content.decode()

    another_worker()
    blocked = log_in(Client(), resident)

    assert TOO_MANY in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_two_step_lockout_holds_in_every_worker(client, resident):
    with_totp(resident)
    assert log_in(client, resident)["Location"] == "/konto/2fa/authenticate/"
    for _ in range(5):
        wrong = client.post("/konto/2fa/authenticate/", {"code": wrong_code()})
        assert "Błędny kod." in wrong.content.decode()

    another_worker()
    right = client.post("/konto/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})

    assert right.status_code == 200
    assert TOO_MANY in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_used_two_step_code_cannot_be_replayed_in_another_worker(resident):
    with_totp(resident)
    first, second = Client(), Client()
    code = totp_code(TOTP_SECRET)
    log_in(first, resident)
    assert first.post("/konto/2fa/authenticate/", {"code": code}).status_code == 302

    another_worker()
    log_in(second, resident)
    replayed = second.post("/konto/2fa/authenticate/", {"code": code})

    assert replayed.status_code == 200
    assert "_auth_user_id" not in second.session


def test_the_sixth_wrong_password_locks_the_account_even_for_the_right_one(client, resident):
    for _ in range(5):
        assert TOO_MANY not in log_in(client, resident, "zle-haslo").content.decode()

    sixth = log_in(client, resident, "zle-haslo")
    right = log_in(client, resident)

    assert TOO_MANY in sixth.content.decode()
    assert TOO_MANY in right.content.decode()
    assert "_auth_user_id" not in client.session
    assert TOO_MANY in log_in(Client(REMOTE_ADDR="203.0.113.9"), resident).content.decode()  # any address


def test_the_sixth_wrong_code_locks_the_second_step_even_for_the_right_code(client, resident):
    with_totp(resident)
    log_in(client, resident)
    for _ in range(5):
        assert TOO_MANY not in client.post("/konto/2fa/authenticate/", {"code": wrong_code()}).content.decode()

    sixth = client.post("/konto/2fa/authenticate/", {"code": wrong_code()})
    right = client.post("/konto/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})

    assert TOO_MANY in sixth.content.decode()
    assert TOO_MANY in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_fifty_colleagues_behind_one_address_log_in_within_a_minute(db):
    """Fifty accounts, one address (the office's NAT), every fifth person mistyping the password once:
    everyone is in, nobody is locked out by the others."""
    staff = UserFactory.create_batch(50)
    signed_in = 0
    for n, person in enumerate(staff):
        browser = Client(REMOTE_ADDR=OFFICE_ADDRESS)
        if n % 5 == 0:
            typo = log_in(browser, person, PASSWORD + "x")
            assert typo.status_code == 200 and TOO_MANY not in typo.content.decode()
        response = log_in(browser, person)
        assert response.status_code == 302, (n, response.status_code)
        signed_in += browser.session.get("_auth_user_id") == str(person.pk)

    assert signed_in == 50


def test_the_host_header_does_not_reset_the_count(resident, settings):
    """allauth counts per "domain:e-mail"; without the sites framework the domain is the Host header,
    port included. Five failures spread over three Host values still lock the account."""
    settings.ALLOWED_HOSTS = ["testserver"]
    hosts = ("testserver", "testserver:8001", "testserver:8002")
    for attempt in range(5):
        response = Client(HTTP_HOST=hosts[attempt % len(hosts)]).post(
            "/konto/login/", {"login": resident.email, "password": "zle-haslo"}
        )
        assert TOO_MANY not in response.content.decode()

    for host in hosts:
        blocked = Client(HTTP_HOST=host).post("/konto/login/", {"login": resident.email, "password": PASSWORD})
        assert TOO_MANY in blocked.content.decode()
