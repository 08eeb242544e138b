"""Load the demo local governments, districts and one user per role; safe to run repeatedly."""

from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from django_scopes import scopes_disabled

from pozytek.accounts.models import Membership, User
from pozytek.accounts.services import grant_role
from pozytek.office.demo import link_demo_calls_to_priority_tasks
from pozytek.tenants.demo import DEMO_PASSWORD, DEMO_TENANTS, DEMO_TOTP_SECRET, DEMO_USERS
from pozytek.tenants.models import District, Tenant
from pozytek.tenants.services import add_district, create_tenant, publish_tenant
from pozytek.tenants.states import TenantState


class Command(BaseCommand):
    help = "Load demo tenants from the seed documents and demo users (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        with scopes_disabled():
            admin = self._user(*DEMO_USERS[0][:3])
            for spec in DEMO_TENANTS:
                self._tenant(spec, admin)
            for email, name, is_admin, roles in DEMO_USERS[1:]:
                user = self._user(email, name, is_admin)
                for slug, role, position in roles:
                    tenant = Tenant.objects.get(slug=slug)
                    if not Membership.objects.filter(tenant=tenant, user=user, role=role).exists():
                        grant_role(tenant=tenant, user=user, role=role, actor=admin, position=position)
                    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                        TOTP.activate(user, DEMO_TOTP_SECRET)
            self._load_app_demos(admin)
            link_demo_calls_to_priority_tasks()
        if not options["quiet"]:
            self._print_logins()

    def _load_app_demos(self, admin: User) -> None:
        """Each app may ship a `demo_data.load(admin=…)`; run them in INSTALLED_APPS order."""
        for config in apps.get_app_configs():
            if config.name.startswith("pozytek.") and module_has_submodule(config.module, "demo_data"):
                import_module(f"{config.name}.demo_data").load(admin=admin)

    def _user(self, email: str, name: str, is_admin: bool) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=name, is_staff=is_admin, is_superuser=is_admin
            )
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    def _tenant(self, spec: dict[str, Any], admin: User) -> None:
        spec = dict(spec)
        districts = spec.pop("districts")
        tenant = Tenant.objects.filter(slug=spec["slug"]).first()
        if tenant is None:
            tenant = create_tenant(actor=admin, **spec)
        for name, kind in districts:
            if not District.objects.filter(tenant=tenant, name=name).exists():
                add_district(tenant=tenant, actor=admin, name=name, kind=kind)
        if tenant.state == TenantState.DRAFT:
            publish_tenant(tenant=tenant, actor=admin)

    def _print_logins(self) -> None:
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for email, _name, is_admin, roles in DEMO_USERS:
            what = (
                "platform admin (/admin/)"
                if is_admin
                else ", ".join(f"{r} @ /{s}/" for s, r, _p in roles)
                or ("NGO member (/moje-organizacje/)" if email.startswith("ngo@") else "resident")
            )
            self.stdout.write(f"  {email:42} {what}")
        self.stdout.write(
            f"Office staff use two-step verification; demo TOTP secret: {DEMO_TOTP_SECRET}\n"
            "  (add it to an authenticator app, or run: .venv/bin/python manage.py demo_totp_code)"
        )
