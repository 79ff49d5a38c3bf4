from django.urls import path, re_path

from letters import views

urlpatterns = [
    re_path(
        r"^my/letters/(?P<pk>[0-9]+)/(?P<kind>visa-letter|certificate)\.pdf$",
        views.download,
        name="letters_download",
    ),
    path(
        "my/letters/<int:pk>/visa-letter/request/",
        views.request_visa_letter,
        name="letters_request_visa_letter",
    ),
    path("verify/<str:code>/", views.verify, name="verify_document"),
]
