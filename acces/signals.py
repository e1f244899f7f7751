"""What the apps tell each other about public data, without importing one another."""

from django.dispatch import Signal

# Sent by bulk writes (which send no post_save) that changed published data: public figures
# cached before are stale.
publication_modifiee = Signal()
