from wagtail.admin.forms import WagtailAdminModelForm

from .concurrency import SaisieConcurrente


class FormulaireAdmin(SaisieConcurrente, WagtailAdminModelForm):
    """The base of the admin's edit forms: a save never overwrites a newer edit."""


class CodeFigeForm(FormulaireAdmin):
    """Codes are identifiers used by imports, exports and the API: fixed once created."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "code" in self.fields:
            self.fields["code"].disabled = True
