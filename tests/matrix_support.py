"""What the permission matrices of organisations, tenants/office, accounts and the API share: reading the
table, listing an app's URL names from the resolver, signing a column's person in, naming an outcome.

The model is tests/evaluation/test_permission_matrix.py: a TABLE string whose rows are `row METHOD` and
whose columns are kinds of person; outcomes are status codes, `login` (a redirect to the login page) and
`mfa` (a redirect to the setup of an authenticator).
"""

import io

from django.urls import URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from tests.conftest import login_with_mfa


def parse_table(table: str, columns: tuple[str, ...]) -> dict[tuple[str, str], dict[str, str]]:
    """`{(row, method): {column: outcome}}`; the first line is the header, `#` lines are comments."""
    lines = table.strip().splitlines()
    assert tuple(lines[0].split()[1:]) == columns, lines[0]
    cells = {}
    for line in lines[1:]:
        if line.startswith("#"):
            continue
        row, method, *outcomes = line.split()
        assert len(outcomes) == len(columns), line
        assert (row, method) not in cells, f"twice in the table: {row} {method}"
        cells[(row, method)] = dict(zip(columns, outcomes, strict=True))
    return cells


def app_url_names(prefixes: tuple[str, ...]) -> set[str]:
    """Every URL pattern mounted from a URL module whose dotted name starts with one of `prefixes` (and
    every pattern included from it), as "namespace:name", or "name" outside a namespace; a pattern without
    a name is reported as "<unnamed PATTERN>", so it cannot hide."""
    names: set[str] = set()

    def walk(patterns, namespace: str, inside: bool) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                module = getattr(pattern.urlconf_module, "__name__", "")
                walk(pattern.url_patterns, pattern.namespace or namespace, inside or module.startswith(prefixes))
            elif inside:
                name = pattern.name or f"<unnamed {pattern.pattern}>"
                names.add(f"{namespace}:{name}" if namespace else name)

    walk(get_resolver().url_patterns, "", False)
    return names


def sign_in(client, user) -> None:
    """Nobody for None; a person with an authenticator as if the second step was passed."""
    if user is None:
        return
    if user.authenticator_set.exists():
        login_with_mfa(client, user)
    else:
        client.force_login(user)


def outcome(response) -> str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("account_login")):
            return "login"
        if location.startswith(reverse("mfa_activate_totp")):
            return "mfa"
    return str(response.status_code)


def text_of(response) -> str:
    """What a person reads in a response: the page, the CSV or JSON text, the cells of an XLSX (other
    binary bodies, e.g. PDFs, decoded leniently: a search in them finds only uncompressed text)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row if value
        )
    return content.decode("utf-8", errors="replace")


class AnyObject:
    """Stands for any prepared object (attribute or key), to see which kwargs a row's URL takes."""

    pk = 1
    token = "x"

    def __getattr__(self, name: str) -> "AnyObject":
        return AnyObject()

    def __getitem__(self, key: str) -> "AnyObject":
        return AnyObject()
