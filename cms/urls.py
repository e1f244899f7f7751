from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path(
        "accessibilite/",
        views.DeclarationView.as_view(template_name="cms/declaration_accessibilite.html"),
        name="declaration_accessibilite",
    ),
    path(
        "ecoconception/",
        views.DeclarationView.as_view(template_name="cms/declaration_ecoconception.html"),
        name="declaration_ecoconception",
    ),
]
