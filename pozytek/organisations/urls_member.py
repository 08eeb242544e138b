"""Pages of people who keep organisations' profiles. Mounted at /moje-organizacje/."""

from django.urls import path

from pozytek.organisations.views import member

app_name = "organisations_member"

urlpatterns = [
    path("", member.MyOrganisationsView.as_view(), name="list"),
    path("<int:pk>/", member.EditProfileView.as_view(), name="edit"),
    path("<int:pk>/zespol/", member.MembersView.as_view(), name="members"),
    path("<int:pk>/bazy/", member.ListInDirectoryView.as_view(), name="list-in"),
    path("<int:pk>/zespol/<int:member_pk>/usun/", member.RemoveMemberView.as_view(), name="remove-member"),
    path("zaproszenie/<str:token>/", member.AcceptInvitationView.as_view(), name="accept-invitation"),
]
