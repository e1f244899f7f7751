from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.cache import cache_control
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views.serve import serve as servir_document

from config.api import api
from config.api import docs as api_docs
from manifeste.login import ReinitialisationLimitee

urlpatterns = [
    # Before Wagtail's admin, so that this throttled view is the one served (and reversed).
    path(
        "admin/password_reset/",
        ReinitialisationLimitee.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    # Documents are read through the permission hook only; a shared cache must not keep a
    # copy that one member was allowed to read (this pattern comes first, so it is the one used).
    path(
        "documents/<int:document_id>/<str:document_filename>",
        cache_control(private=True)(servir_document),
        name="wagtaildocs_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    # Invitation links are public: the invited person may not have an account yet.
    path("invitations/", include("commitments.urls")),
    path("api/v1/", api.urls),
    path("api/docs", api_docs, name="api-docs"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Image renditions only: documents never have a static address, even in development.
    urlpatterns += static(
        f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images"
    )

# Our own public views (open data, reports, statements) come before Wagtail's page catch-all.
urlpatterns += i18n_patterns(
    path("", include("publication.urls")),
    path("", include("cms.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
