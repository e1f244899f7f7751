from django.urls import path

from cms.views import DeclarationView

urlpatterns = [
    path(
        "accessibilite/",
        DeclarationView.as_view(template_name="cms/declaration_accessibilite.html"),
        name="declaration_accessibilite",
    ),
    path(
        "ecoconception/",
        DeclarationView.as_view(template_name="cms/declaration_ecoconception.html"),
        name="declaration_ecoconception",
    ),
]
