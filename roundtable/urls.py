from allauth.mfa.totp.views import activate_totp
from csp.decorators import csp_update
from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from participants.views import serve_document
from roundtable import views as roundtable_views
from roundtable.sitemap import PublicSitemap

urlpatterns = [
    # Everyone signs in through allauth, which asks staff for their second factor;
    # Wagtail's own password form would let them skip it.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    # Wagtail's own password reset is off (it answers 404); allauth's is the one.
    re_path(
        r"^admin/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password"),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/<int:document_id>/<str:document_filename>", serve_document),
    path("documents/", include(wagtaildocs_urls)),
    # The TOTP set-up page shows its QR code as a data: image; only it may.
    path(
        "accounts/2fa/totp/activate/",
        csp_update({"img-src": ["data:"]})(activate_totp),
    ),
    path("accounts/", include("allauth.urls")),
    path("search/", roundtable_views.search, name="search"),
    path(
        "sitemap.xml", sitemap, {"sitemaps": {"pages": PublicSitemap}}, name="sitemap"
    ),
    path("robots.txt", roundtable_views.robots_txt, name="robots_txt"),
    path("", include("participants.urls")),
    path("", include("letters.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    from roundtable.media import serve_public_media

    urlpatterns += staticfiles_urlpatterns()
    # Uploaded images, but never documents: those go through Wagtail's serve view,
    # which checks the collection's view restrictions (private pre-reads).
    urlpatterns += [
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", serve_public_media)
    ]

# Page serving is the catch-all, so it comes last: Wagtail's own patterns and
# serve view, with its two views under _util/ taken first. Its front-end login
# there is Django's plain LoginView, which would let staff sign in without their
# second factor and without allauth's rate limits: it sends people to allauth's
# sign-in instead. Its form for password-restricted pages is kept, behind a
# rate limit.
urlpatterns += [
    path(
        "_util/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="wagtailcore_login",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        roundtable_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include("programme.urls")),
    path("", include(wagtail_urls)),
]
