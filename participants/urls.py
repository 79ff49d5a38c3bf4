from django.urls import path, re_path

from participants import views

urlpatterns = [
    path(
        "invitations/declined/",
        views.invitation_declined,
        name="invitation_declined",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    # A link mangled into several segments (an encoded slash, say) is an invalid
    # invitation link too, and says so.
    re_path(r"^invitations/(?P<token>.+)/$", views.invitation),
    path("my/", views.my_registrations, name="my_registrations"),
    path(
        "my/breakouts/<int:session_id>/book/",
        views.book_breakout,
        name="book_breakout",
    ),
    path("my/bookings/<int:pk>/cancel/", views.cancel_booking, name="cancel_booking"),
    path("my/calendar/rotate/", views.rotate_calendar, name="rotate_calendar"),
    path("my/feedback/<int:event_id>/", views.my_feedback, name="my_feedback"),
    path("my/data.json", views.my_data, name="my_data"),
    path("my/delete/", views.delete_account, name="delete_account"),
    path("calendar/<str:token>.ics", views.personal_calendar, name="personal_calendar"),
    path("my/register/<int:invitation_id>/", views.register, name="register"),
    path("my/registrations/<int:pk>/", views.my_registration, name="my_registration"),
    path(
        "my/registrations/<int:pk>/edit/",
        views.edit_registration,
        name="edit_registration",
    ),
    path(
        "my/registrations/<int:pk>/unlist/",
        views.withdraw_listing,
        name="withdraw_listing",
    ),
    path(
        "my/registrations/<int:pk>/cancel/",
        views.cancel_registration,
        name="cancel_registration",
    ),
]
