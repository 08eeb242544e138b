from django.urls import URLPattern, URLResolver

app_name = "agreements_office"

urlpatterns: list[URLPattern | URLResolver] = []
