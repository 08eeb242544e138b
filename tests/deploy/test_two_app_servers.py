"""Two app servers and a worker (issue 16): the application keeps no state of its own.

deploy/local.py starts nginx in front of two gunicorn instances and one `db_worker`, all on one PostgreSQL
database (created here, dropped at the end), one Redis and one set of file folders, in production mode.
A person's requests then land on either instance, as a load balancer sends them: a login, a lockout, an
upload and a submission must not care which. Requests sent to an instance directly name the platform as
nginx does (Host: nginx's address), as every instance behind the proxy sees it.

Only on PostgreSQL (the processes share the database); `.ci/run` deselects the `deploy` marker on SQLite.
"""

import email
import email.policy
import hashlib
import io
import json
import os
import re
import secrets
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from http.client import HTTPConnection, HTTPMessage
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import psycopg
import pytest
import redis
from pypdf import PdfReader

from deploy import local

pytestmark = [pytest.mark.deploy]

DATABASE = "pozytek_deploy_test"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOO_MANY = "Too many failed login attempts"
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # Django's file e-mail backend, between messages
WORKER_WAIT_S = 60


@dataclass
class Response:
    status: int
    headers: HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Browser:
    """One person's browser: one cookie jar for the platform (cookies do not depend on the port), English
    pages, and the platform's address in the Host header whichever server the request goes to."""

    def __init__(self, platform: str) -> None:
        self.host = urlsplit(platform).netloc
        self.cookies: dict[str, str] = {}

    def request(self, server: str, method: str, path: str, body: bytes = b"", content_type: str = "") -> Response:
        address = urlsplit(server)
        headers = {"Host": self.host, "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        connection = HTTPConnection(address.hostname or "127.0.0.1", address.port, timeout=60)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(response.status, response.headers, content)

    def get(self, server: str, path: str) -> Response:
        return self.request(server, "GET", path)

    def post(self, server: str, path: str, fields: dict[str, str]) -> Response:
        return self.request(server, "POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def form_token(self, server: str, path: str) -> str:
        """The CSRF token of the form on `path` (the csrftoken cookie comes with it)."""
        page = self.get(server, path)
        assert page.status == 200, (path, page.status)
        match = CSRF_INPUT.search(page.text)
        assert match, f"no form on {path}"
        return match.group(1)


def log_in(browser: Browser, server: str, login: str, password: str) -> Response:
    token = browser.form_token(server, "/konto/login/")
    return browser.post(server, "/konto/login/", {"login": login, "password": password, "csrfmiddlewaretoken": token})


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ]
    for name, (filename, content, content_type) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def mails(folder: Path) -> list[EmailMessage]:
    """Every complete message the file backend has written so far."""
    found = []
    for path in sorted(folder.iterdir()):
        for chunk in path.read_bytes().split(MAIL_SEPARATOR):
            if chunk.strip():
                message = email.message_from_bytes(chunk, policy=email.policy.default)
                assert isinstance(message, EmailMessage)
                found.append(message)
    return found


def wait_for_mail(folder: Path, wanted: Callable[[EmailMessage], bool]) -> EmailMessage:
    deadline = time.monotonic() + WORKER_WAIT_S
    while time.monotonic() < deadline:
        for message in mails(folder):
            if wanted(message):
                return message
        time.sleep(0.5)
    raise AssertionError(f"no such e-mail within {WORKER_WAIT_S} s in {folder}")


def body_of(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    return str(part.get_content()) if part is not None else ""


# --- The stack -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the app servers share a PostgreSQL database: run with DATABASE_URL=postgres://…")
    server = urlsplit(url)
    admin = server._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    yield server._replace(path=f"/{DATABASE}").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


@pytest.fixture(scope="module")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis does not answer at {url} ({error}): .ci/run starts it (redis-server --daemonize yes)")
    return url


@pytest.fixture(scope="module")
def stack(database_url: str, redis_url: str) -> Iterator[local.Stack]:
    """Migrated, running, and stopped however the module ends (the processes also die with this one)."""
    with local.running(database_url, redis_url=redis_url) as running:
        yield running


@pytest.fixture(scope="module")
def world(stack: local.Stack) -> dict[str, Any]:
    seeded = stack.python("-m", "tests.deploy.seed", secrets.token_hex(6), check=False)
    assert seeded.returncode == 0, seeded.stderr
    return dict(json.loads(seeded.stdout.strip().splitlines()[-1]))


def signed_in(stack: local.Stack, world: dict[str, Any]) -> Browser:
    browser = Browser(stack.url)
    assert log_in(browser, stack.url, world["email"], world["password"]).status == 302
    return browser


# --- The tests -------------------------------------------------------------------------------------------


def test_a_login_on_one_app_server_continues_on_the_other(stack: local.Stack, world: dict[str, Any]) -> None:
    first, second = stack.instances
    browser = Browser(stack.url)
    assert browser.get(second, "/konto/profil/").status == 302  # not signed in yet

    assert log_in(browser, first, world["email"], world["password"]).status == 302

    for server in (second, stack.url, first):
        profile = browser.get(server, "/konto/profil/")
        assert profile.status == 200, server
        assert world["email"] in profile.text


def test_a_lockout_counts_failures_on_both_app_servers(stack: local.Stack, world: dict[str, Any]) -> None:
    first, second = stack.instances
    for attempt in range(5):  # ACCOUNT_RATE_LIMITS: 5 failures per account in 5 minutes
        wrong = log_in(Browser(stack.url), (first, second)[attempt % 2], world["locked_email"], "Zle-haslo-123")
        assert wrong.status == 200
        assert TOO_MANY not in wrong.text

    for server in (first, second, stack.url):
        browser = Browser(stack.url)
        refused = log_in(browser, server, world["locked_email"], world["password"])
        assert refused.status == 200, server
        assert TOO_MANY in refused.text
        assert browser.get(server, "/konto/profil/").status == 302

    # Counted in the one Redis every instance uses (allauth's key: the account's address, hashed).
    counters = redis.Redis.from_url(stack.env["REDIS_URL"]).keys("*allauth:rl:*login_failed*")
    assert counters


def test_an_attachment_uploaded_on_one_app_server_downloads_from_the_other(
    stack: local.Stack, world: dict[str, Any]
) -> None:
    first, second = stack.instances
    browser = signed_in(stack, world)
    page = f"/{world['tenant']}/oferty/{world['offer']}/zalaczniki/"
    content = PDF_BYTES + f"% {secrets.token_hex(8)}\n".encode()
    token = browser.form_token(first, page)
    body, content_type = multipart(
        {"csrfmiddlewaretoken": token, "label": "", "other_label": "Statut"},
        {"file": ("statut.pdf", content, "application/pdf")},
    )

    assert browser.request(first, "POST", page, body, content_type).status == 302

    listed = browser.get(second, page)
    link = re.search(rf'href="({re.escape(page)}\d+/)"', listed.text)
    assert link, "the upload is not listed on the other app server"
    download = browser.get(second, link.group(1))
    assert download.status == 200
    assert download.body == content
    assert browser.get(stack.url, link.group(1)).body == content
    assert Browser(stack.url).get(stack.url, link.group(1)).status == 302  # to the login page

    # Kept in the private folder both instances share, which no nginx location serves.
    stored = [path for path in stack.private_root.rglob("*") if path.is_file() and path.read_bytes() == content]
    assert len(stored) == 1
    relative = stored[0].relative_to(stack.private_root).as_posix()
    for guess in (f"/media/{relative}", f"/static/{relative}", f"/media/../private/{relative}"):
        assert Browser(stack.url).get(stack.url, guess).status in (400, 404), guess


def test_an_upload_over_the_body_limit_is_refused_by_nginx(stack: local.Stack, world: dict[str, Any]) -> None:
    browser = signed_in(stack, world)
    page = f"/{world['tenant']}/oferty/{world['offer']}/zalaczniki/"
    limit = (max(local.ATTACHMENT_MB, local.IMPORT_MB) + 1) * 1_048_576
    body, content_type = multipart(
        {"csrfmiddlewaretoken": browser.form_token(stack.url, page), "label": "", "other_label": "Duży"},
        {"file": ("duzy.pdf", PDF_BYTES + b"0" * limit, "application/pdf")},
    )

    refused = browser.request(stack.url, "POST", page, body, content_type)

    assert refused.status == 413
    assert "X-Request-ID" not in refused.headers  # nginx's answer: the application never saw it


def test_a_submission_is_confirmed_by_the_worker(stack: local.Stack, world: dict[str, Any]) -> None:
    first, second = stack.instances
    browser = signed_in(stack, world)
    overview = f"/{world['tenant']}/oferty/{world['offer']}/"
    token = browser.form_token(stack.url, overview)

    assert browser.post(stack.url, f"{overview}zloz/", {"csrfmiddlewaretoken": token}).status == 302

    frozen = browser.get(second, f"{overview}wersja/1.json")
    assert frozen.status == 200
    checksum = hashlib.sha256(frozen.body).hexdigest()
    message = wait_for_mail(stack.mail_dir, lambda m: checksum in body_of(m))
    assert world["email"] in str(message["To"])
    (confirmation,) = [part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]
    pdf = confirmation.get_content()
    text = "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    assert checksum in text
    # The request only queued it: the worker ran the task, from the database.
    with psycopg.connect(stack.env["DATABASE_URL"]) as connection:
        runs = connection.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s",
            ["%.send_submission_confirmation"],
        ).fetchall()
    assert runs == [("SUCCESSFUL", [local.WORKER_ID])]
    assert browser.get(first, f"{overview}wersja/1/potwierdzenie.pdf").headers["Content-Type"] == "application/pdf"


def test_static_and_public_media_files_come_from_nginx(stack: local.Stack) -> None:
    page = Browser(stack.url).get(stack.url, "/konto/login/")
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page.text)
    assert stylesheet, "no hashed stylesheet: DEBUG is off, the manifest names every static file"
    css = Browser(stack.url).get(stack.url, stylesheet.group(1))
    assert css.status == 200
    assert "immutable" in css.headers["Cache-Control"]
    assert "X-Request-ID" not in css.headers  # not whitenoise in the application

    (stack.media_root / "tenants").mkdir(exist_ok=True)
    (stack.media_root / "tenants" / "herb.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (stack.media_root / "imports").mkdir(exist_ok=True)
    (stack.media_root / "imports" / "organizacje.csv").write_text("nazwa;krs\n")
    logo = Browser(stack.url).get(stack.url, "/media/tenants/herb.png")
    assert logo.status == 200
    assert "sandbox" in logo.headers["Content-Security-Policy"]
    assert Browser(stack.url).get(stack.url, "/media/imports/organizacje.csv").status == 404


def test_the_production_nginx_configuration_is_valid(tmp_path: Path) -> None:
    nginx = local.find_nginx()
    subprocess.run(  # noqa: S603 -- a throwaway self-signed certificate for the placeholders
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"),
            *("-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")),
        ],
        check=True,
        capture_output=True,
    )
    site = (Path(local.ROOT) / "deploy" / "nginx" / "pozytek.conf").read_text()
    for placeholder, replacement in {
        "/etc/ssl/pozytek/fullchain.pem": tmp_path / "cert.pem",
        "/etc/ssl/pozytek/privkey.pem": tmp_path / "key.pem",
        "/var/log/nginx/": f"{tmp_path}/",
    }.items():
        assert placeholder in site
        site = site.replace(placeholder, str(replacement))
    (tmp_path / "pozytek.conf").write_text(site)
    temp = " ".join(
        f"{kind}_temp_path {tmp_path}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log stderr; events {{}}\n"
        f"http {{ include /etc/nginx/mime.types; {temp} include {tmp_path}/pozytek.conf; }}\n"
    )

    checked = subprocess.run(  # noqa: S603 -- Debian's nginx, our configuration
        [nginx, "-t", "-q", "-e", "stderr", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )

    assert checked.returncode == 0, checked.stderr


def test_the_platform_keeps_working_when_an_app_server_stops(stack: local.Stack, world: dict[str, Any]) -> None:
    """Last: it stops the first instance of the module's stack."""
    browser = signed_in(stack, world)

    stack.stop("app1")

    for _ in range(4):
        assert browser.get(stack.url, "/konto/profil/").status == 200
