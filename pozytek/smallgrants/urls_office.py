"""Office pages of small grants. Mounted at /<tenant>/urzad/male-granty/."""

from django.urls import path

from pozytek.smallgrants.views import office

app_name = "smallgrants_office"

urlpatterns = [
    path("", office.ListView.as_view(), name="list"),
    path("<int:pk>/", office.DetailView.as_view(), name="detail"),
    path("zasady/<int:year>/", office.SchemeEditView.as_view(), name="scheme"),
]
