import factory
from allauth.account.models import EmailAddress
from django_scopes import scopes_disabled

from pozytek.accounts.models import Membership, Role, User
from tests.factories.tenants import TenantFactory

PASSWORD = "Haslo-testowe-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"osoba{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Osoba Testowa {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: object, **kwargs: object) -> None:
        self.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    tenant = factory.SubFactory(TenantFactory)
    role = Role.OFFICIAL

    @classmethod
    def _create(cls, model_class: type[Membership], *args: object, **kwargs: object) -> Membership:
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)
