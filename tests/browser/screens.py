"""Screens outside the public pages (those are benchmarks.pages.PUBLIC_PAGES) that axe checks.

One line per screen.
"""

# Reached anonymously.
ANONYMOUS_SCREENS = ["/admin/login/"]
# Reached as the demo administrator (officers' main screens go here too).
ADMIN_SCREENS = ["/admin/"]
