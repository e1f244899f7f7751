from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # `_t` is the project's name for gettext where `_` is gettext_lazy: extract both.
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_t"]
