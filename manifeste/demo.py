"""Demo data of the foundation: the demo administrator."""

import os

from django.contrib.auth import get_user_model

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = os.environ.get("DEMO_ADMIN_PASSWORD", "demo-manifeste-2026")


def seed(log):
    user, created = get_user_model().objects.get_or_create(
        username=ADMIN_USERNAME,
        defaults={"email": "admin@demo.invalid", "first_name": "Admin", "last_name": "Démo"},
    )
    user.is_staff = user.is_superuser = True
    if created:
        user.set_password(ADMIN_PASSWORD)
    user.save()
    log(f"Administrateur de démonstration : {ADMIN_USERNAME} / {ADMIN_PASSWORD}")
