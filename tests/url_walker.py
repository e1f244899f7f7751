"""Every URL of the project, from the resolver: new features' URLs are covered as they land.

Each named pattern is reversed with sample arguments (1 for integers, "x" for the rest…);
the few that no sample fits are returned apart, so a test can show them.
"""

import uuid
from itertools import product

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.resolvers import RoutePattern

CANDIDATES = ["1", "x", "x/", ""]


def _samples(pattern):
    """Lists of candidate kwargs (or args) for a pattern, most plausible first."""
    if isinstance(pattern.pattern, RoutePattern):
        kwargs = {}
        for name, converter in pattern.pattern.converters.items():
            if isinstance(converter, IntConverter):
                kwargs[name] = 1
            elif isinstance(converter, UUIDConverter):
                kwargs[name] = uuid.UUID(int=0)
            else:
                kwargs[name] = "x"
        return [({}, kwargs)]
    regex = pattern.pattern.regex
    if regex.groupindex:
        names = list(regex.groupindex)
        return [
            ({}, dict(zip(names, combo, strict=True)))
            for combo in product(CANDIDATES, repeat=len(names))
        ]
    return [({"args": list(combo)}, {}) for combo in product(CANDIDATES, repeat=regex.groups)]


def _named_patterns(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def project_urls():
    """(urls, unreachable): one concrete URL per named pattern, and the names none fitted."""
    urls, unreachable = {}, []
    for name, pattern in _named_patterns(get_resolver().url_patterns):
        for extra, kwargs in _samples(pattern):
            try:
                urls[name] = reverse(name, args=extra.get("args"), kwargs=kwargs or None)
                break
            except NoReverseMatch:
                continue
        else:
            unreachable.append(name)
    return urls, unreachable
