from django.urls import path

from participants import views

urlpatterns = [
    path(
        "invitations/declined/",
        views.invitation_declined,
        name="invitation_declined",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("my/", views.my_registrations, name="my_registrations"),
    path("my/register/<int:invitation_id>/", views.register, name="register"),
    path("my/registrations/<int:pk>/", views.my_registration, name="my_registration"),
    path(
        "my/registrations/<int:pk>/edit/",
        views.edit_registration,
        name="edit_registration",
    ),
    path(
        "my/registrations/<int:pk>/cancel/",
        views.cancel_registration,
        name="cancel_registration",
    ),
]
