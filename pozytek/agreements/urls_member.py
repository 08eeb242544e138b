from django.urls import URLPattern, URLResolver

app_name = "agreements_member"

urlpatterns: list[URLPattern | URLResolver] = []
