"""Admin menu entries shown only to those who have a use for them."""

from wagtail.admin.menu import MenuItem


class MenuSiPermis(MenuItem):
    """A menu entry shown only when `condition(user)` says so (the permission layer)."""

    def __init__(self, *args, condition, **kwargs):
        super().__init__(*args, **kwargs)
        self.condition = condition

    def is_shown(self, request):
        return self.condition(request.user)
