from django.urls import URLPattern, URLResolver

app_name = "agreements_office_updates"

urlpatterns: list[URLPattern | URLResolver] = []
