"""Resolving and validating the service endpoint.

A region name and a `service_endpoint` both end up in the host of every request, and
every request carries a signature. A value that could move that host elsewhere (`#`,
`/`, `@`, `:`, a dot, whitespace) is refused here, before anything is signed or sent.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ._errors import InvalidConfigError

__all__ = [
    "SERVICE_ENDPOINT_TEMPLATE",
    "endpoint_for_region",
    "resolve_endpoint",
    "validate_region",
    "validate_service_endpoint",
]

SERVICE_ENDPOINT_TEMPLATE = "https://aidp.{region}.oci.{secondLevelDomain}"

# The name `oci.regions.endpoint_for` wants; with a template it only fills the template.
_SERVICE_NAME = "aidp"

# Every long and short name oci.regions knows fits this shape, so it is the only rule.
_REGION_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_MAX_REGION_LENGTH = 63  # a region is one DNS label

_NETLOC_RE = re.compile(r"(?P<host>\[[^\[\]]*\]|[^\[\]:]*)(?::(?P<port>[0-9]{1,5}))?")
_DNS_LABEL_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
# RFC 3986 path characters; anything else (backslash, quotes, `<>`) could be re-parsed.
_PATH_RE = re.compile(r"(?:/[A-Za-z0-9\-._~!$&'()*+,;=:@%]*)*")
_PERCENT_RE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_USERINFO_RE = re.compile(r"(?<=://)[^/?#]*@")
_QUERY_RE = re.compile(r"[?#].*", re.DOTALL)
_ENDPOINT_HINT = "expected https://host[:port][/path-prefix]"


def validate_region(region: object, *, key: str = "region") -> str:
    """Return `region` stripped and lower-cased, or raise InvalidConfigError naming `key`.

    Only a plain region name passes: long (`us-ashburn-1`) or short (`iad`, any case).
    Short names are not expanded here; `endpoint_for_region` does that.
    """
    if not isinstance(region, str):
        raise InvalidConfigError(key, f"must be a string, got {type(region).__name__}")
    # oci lower-cases region names before every lookup; do the same.
    normalised = region.strip().lower()
    if not normalised:
        raise InvalidConfigError(key, "empty", hint="set a region such as us-ashburn-1 or iad")
    if len(normalised) > _MAX_REGION_LENGTH or not _REGION_RE.fullmatch(normalised):
        raise InvalidConfigError(
            key,
            f"{_shorten(region)} is not a region name",
            hint="a region is letters, digits and single dashes, such as us-ashburn-1 or iad",
        )
    return normalised


def endpoint_for_region(region: str) -> str:
    """The default service endpoint of a region, e.g. `https://aidp.us-ashburn-1.oci.oraclecloud.com`.

    Long names, short names and regions of every realm resolve through `oci.regions`;
    a well-formed region it does not know is taken to be in the oc1 realm
    (`oraclecloud.com`), as `oci.regions.endpoint_for` does.
    """
    import oci.regions  # noqa: PLC0415 (lazy: importing oci costs a third of a second)

    name = validate_region(region)
    try:
        # oci may also consult ~/.oci/regions-config.json, OCI_REGION_METADATA and
        # OCI_DEFAULT_REALM for a region it does not know; that is its documented lookup.
        endpoint = oci.regions.endpoint_for(
            _SERVICE_NAME, region=name, service_endpoint_template=SERVICE_ENDPOINT_TEMPLATE
        )
    except Exception as exc:  # any lookup failure is a problem with the region
        problem = f"could not resolve an endpoint for {name!r}: {exc}"
    else:
        return _checked_region_endpoint(endpoint, name)
    raise InvalidConfigError("region", problem, hint="or pass service_endpoint")


def _checked_region_endpoint(endpoint: object, name: str) -> str:
    # Realm domains can come from files and variables outside this library; the
    # endpoint built from them must still be a plain https URL.
    try:
        return validate_service_endpoint(endpoint)
    except InvalidConfigError as exc:
        problem = f"{name!r} resolves to an unusable endpoint: {exc.problem}"
    raise InvalidConfigError(
        "region",
        problem,
        hint="check ~/.oci/regions-config.json, OCI_REGION_METADATA and OCI_DEFAULT_REALM",
    )


def validate_service_endpoint(service_endpoint: object) -> str:
    """Return `service_endpoint` without trailing slashes, or raise InvalidConfigError.

    It must be `https://host[:port][/path-prefix]`; `http://` only for a loopback host
    (127.0.0.0/8, ::1, localhost). User-info, queries, fragments, whitespace and
    control characters are refused.
    """
    if not isinstance(service_endpoint, str):
        raise _endpoint_error(f"must be a string, got {type(service_endpoint).__name__}")
    if not service_endpoint:
        raise _endpoint_error("empty")
    if not service_endpoint.isascii() or not service_endpoint.isprintable():
        # Non-ASCII hosts can normalise into other characters; use the punycode form.
        raise _endpoint_error(
            f"{_shown(service_endpoint)} contains non-ASCII or control characters"
        )
    if any(ch.isspace() for ch in service_endpoint):
        raise _endpoint_error(f"{_shown(service_endpoint)} contains whitespace")
    for char, what in (("?", "a query string"), ("#", "a fragment"), ("\\", "a backslash")):
        if char in service_endpoint:
            raise _endpoint_error(f"{_shown(service_endpoint)} contains {what}")
    try:
        parts = urlsplit(service_endpoint)
    except ValueError:  # e.g. an unbalanced `[` in the host
        raise _endpoint_error(f"{_shown(service_endpoint)} is not a URL") from None
    if parts.scheme not in ("https", "http") or not service_endpoint.lower().startswith(
        f"{parts.scheme}://"
    ):
        raise _endpoint_error(f"{_shown(service_endpoint)} is not an absolute https URL")
    host = _checked_netloc(parts.netloc, service_endpoint)
    if parts.scheme == "http" and not _is_loopback(host):
        raise _endpoint_error(
            f"{_shown(service_endpoint)} uses plain http",
            hint="use https; http is allowed only for localhost, 127.0.0.0/8 and [::1]",
        )
    if not _PATH_RE.fullmatch(parts.path) or _PERCENT_RE.search(parts.path):
        raise _endpoint_error(f"{_shown(service_endpoint)} has a malformed path")
    if {".", ".."} & set(parts.path.split("/")):
        # URL normalisation would remove them from what is sent but not from what is signed.
        raise _endpoint_error(f"{_shown(service_endpoint)} has a `.` or `..` path segment")
    return service_endpoint.rstrip("/")


def _checked_netloc(netloc: str, url: str) -> str:
    """The host of `netloc`, lower-cased, after refusing user-info, bad hosts and ports."""
    if "@" in netloc:
        raise _endpoint_error(f"{_shown(url)} contains user-info (`user@`)")
    match = _NETLOC_RE.fullmatch(netloc)
    if match is None:
        raise _endpoint_error(f"{_shown(url)} has a malformed host or port")
    port = match.group("port")
    if port is not None and not 0 < int(port) < 65536:
        raise _endpoint_error(f"{_shown(url)} has port {port}, outside 1-65535")
    host = match.group("host").lower()
    if not _is_valid_host(host):
        raise _endpoint_error(f"{_shown(url)} has no valid host")
    return host


def _is_valid_host(host: str) -> bool:
    if host.startswith("["):
        if "%" in host:  # a zone id (`%25eth0`) names a local interface, not a host
            return False
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    labels = host.split(".")
    if labels[-1].isdigit():
        # A numeric last label is no DNS name: only a dotted-quad IPv4 address, so that
        # forms such as `2130706433` or `0x7f.1` cannot slip through as names.
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return False
        return True
    return len(host) <= 253 and all(_DNS_LABEL_RE.fullmatch(label) for label in labels)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_loopback_url(url: str) -> bool:
    """True when `url` (an already validated endpoint) points at this machine."""
    return _is_loopback(urlsplit(url).hostname or "")


def resolve_endpoint(config: Mapping[str, Any] | None, service_endpoint: str | None) -> str:
    """The endpoint requests go to: `service_endpoint` if given, else the config's region's.

    Environment variables are not consulted; the command-line tool handles those.
    """
    if service_endpoint is not None:
        return validate_service_endpoint(service_endpoint)
    region = None if config is None else config.get("region")
    if region is None:
        raise InvalidConfigError(
            "region", "missing", hint="set region in the profile, or pass service_endpoint"
        )
    return endpoint_for_region(validate_region(region))


def _endpoint_error(problem: str, *, hint: str = _ENDPOINT_HINT) -> InvalidConfigError:
    return InvalidConfigError("service_endpoint", problem, hint=hint)


def _shown(url: str) -> str:
    """`url` for a message: user-info, query and fragment may hold credentials."""
    url = _USERINFO_RE.sub("***@", url)
    url = _QUERY_RE.sub(lambda match: match.group(0)[0] + "***", url)
    return _shorten(url)


def _shorten(value: str, limit: int = 80) -> str:
    """`repr` of a user value, cut short so that a pasted blob cannot flood a message."""
    return repr(value if len(value) <= limit else value[:limit] + "...")
