"""Content Security Policy scoped by URL: strict on the public site, looser in the admin.

The public pages carry no inline script or style, so they get CONTENT_SECURITY_POLICY as is.
Wagtail's admin still renders inline scripts (inline panels, date pickers) and styles; it gets
CONTENT_SECURITY_POLICY_ADMIN, which only officers who logged in ever load.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ScopedCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        is_admin = request.path_info.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES))
        if is_admin and not report_only and parts.config is None:
            parts.config = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
        return parts
