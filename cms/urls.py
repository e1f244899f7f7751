from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("graphiques/<slug:key>.csv", views.chart_csv, name="chart_csv"),
]
