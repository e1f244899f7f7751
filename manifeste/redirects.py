"""Where a view may send the browser back to: an address of this site only.

A `next` parameter comes from the request, so anyone can forge a link or form that carries one;
followed blindly it turns the site into a relay to another one (open redirect). Every view that
reads `next` goes through `retour`.
"""

from urllib.parse import urlsplit

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def adresse_du_site(request, url):
    """`url` if it leads to this site, else None: an absolute path, or this host with an
    allowed scheme. Relative paths are refused (they would resolve against the form's address),
    and so is any space or control character (browsers drop some, headers refuse others)."""
    url = (url or "").strip()
    if not url or any(c.isspace() or not c.isprintable() for c in url):
        return None
    if not (url.startswith("/") or urlsplit(url).netloc):
        return None
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def retour(request, defaut):
    """A redirect to the `next` the request carries (POST, then query string) if it is an
    address of this site, else to `defaut` (a URL or a URL name)."""
    suivant = request.POST.get("next") or request.GET.get("next")
    return redirect(adresse_du_site(request, suivant) or defaut)
