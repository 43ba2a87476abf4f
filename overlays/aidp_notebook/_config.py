"""Reading and validating OCI config profiles, and choosing a signer for them.

The file format and the signers are the `oci` SDK's; only the errors are ours. Every
failure is an `InvalidConfigError` naming the offending key, and none of them holds
key material, a pass phrase or a token, not even in a chained exception: failures
that could carry one are raised after the `except` block, so they have no
`__cause__` or `__context__` at all.

Paths: like the `oci` SDK (`oci.signer.load_private_key_from_file` only calls
`os.path.expanduser`), `~` is expanded in `key_file` and `security_token_file`, and a
relative path stays relative to the current working directory, not to the config
file's directory.
"""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ._endpoint import validate_region
from ._errors import InvalidConfigError

__all__ = [
    "DEFAULT_CONFIG_FILE",
    "DEFAULT_PROFILE",
    "api_key_signer_from_config",
    "load_config",
    "session_token_signer_from_config",
    "signer_from_config",
    "validate_config",
]

DEFAULT_CONFIG_FILE = "~/.oci/config"
# Read as the oci SDK reads them (oci.config.from_file).
ENV_CONFIG_FILE = "OCI_CONFIG_FILE"
ENV_REGION = "OCI_REGION"
DEFAULT_PROFILE = "DEFAULT"

# The keys this module reads; each must be a str when present (None counts as absent).
_STRING_KEYS = (
    "user",
    "tenancy",
    "fingerprint",
    "key_file",
    "key_content",
    "pass_phrase",
    "region",
    "security_token_file",
    "authentication_type",
)
# The same shape rule as oci.config for user and tenancy OCIDs.
_OCID_RE = re.compile(r"[0-9A-Za-z_-]+[.:](?:[0-9A-Za-z_-]*[.:]){3,}[0-9A-Za-z_-]+")
# oci.config accepts lower-case hex only; the fingerprint goes verbatim into keyId.
_FINGERPRINT_RE = re.compile(r"[0-9a-f]{2}(?::[0-9a-f]{2}){15}")
# A JWT is base64url words joined by dots; a quote or a space would break the keyId.
_TOKEN_RE = re.compile(rb"[A-Za-z0-9._~+/=-]+")
_DEFAULT_SECTION_RE = re.compile(r"^[ \t]*\[DEFAULT\][ \t]*$", re.MULTILINE)

_SETUP_HINT = "create it with `oci setup config` or pass file_location"
_SESSION_HINT = "run `oci session authenticate`, or `oci session refresh` if it expired"
_KEY_FILE_HINT = "set key_file to the path of your PEM API signing key"
_OTHER_AUTH_HINT = "for instance or resource principals use aidp_notebook.auth and pass signer=..."

_AuthMode = Literal["api_key", "session"]


# --- reading the file -----------------------------------------------------------------


def load_config(
    file_location: str | os.PathLike[str] = DEFAULT_CONFIG_FILE,
    profile_name: str = DEFAULT_PROFILE,
) -> dict[str, str]:
    """Read one profile of an OCI config file, with the `[DEFAULT]` values it inherits.

    The environment is read as `oci.config.from_file` reads it: when no file is given and
    `~/.oci/config` does not exist, `OCI_CONFIG_FILE` names the file; a profile without a
    `region` takes `OCI_REGION`. The fallback file `~/.oraclebmc/config` is not consulted,
    and `log_requests` and the other SDK defaults are not added.
    """
    if not isinstance(file_location, str | os.PathLike):
        raise InvalidConfigError("file_location", "must be a path")
    if not isinstance(profile_name, str):
        raise InvalidConfigError("profile_name", "must be a string")
    path = config_file_path(file_location)
    text = _read_config_text(path)
    parser = _parse_config_text(text, path)
    profiles = _profile_names(parser, text)
    if profile_name not in profiles:
        listing = ", ".join(profiles) if profiles else "none"
        raise InvalidConfigError(
            "profile_name",
            f"profile {profile_name!r} not found in {path}",
            hint=f"profiles in that file: {listing}",
        )
    config = dict(parser[profile_name])
    if "key_content" in config:
        # oci refuses this too: a key belongs in its own file, not in the config file.
        raise InvalidConfigError(
            "key_content",
            f"cannot be set in a config file ({path})",
            hint="put the key in a PEM file and set key_file, or pass key_content in a dict",
        )
    region = os.environ.get(ENV_REGION, "").strip()
    if not config.get("region") and region:
        config["region"] = region
    return config


def config_file_path(file_location: str | os.PathLike[str] = DEFAULT_CONFIG_FILE) -> str:
    """The config file to read: the one given, else ~/.oci/config, else $OCI_CONFIG_FILE."""
    path = os.path.expanduser(os.fspath(file_location))
    if os.fspath(file_location) != DEFAULT_CONFIG_FILE or os.path.isfile(path):
        return path
    from_env = os.environ.get(ENV_CONFIG_FILE, "").strip()
    return os.path.expanduser(from_env) if from_env else path


def _read_config_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except FileNotFoundError:
        problem, hint = f"{path} not found", _SETUP_HINT
    except IsADirectoryError:
        problem, hint = f"{path} is a directory, not a config file", _SETUP_HINT
    except OSError as exc:
        problem, hint = f"could not read {path}: {exc.strerror or type(exc).__name__}", ""
    except UnicodeDecodeError:
        problem, hint = f"{path} is not UTF-8 text", "is it a key or binary file?"
    # Raised outside the handler: a decode error would otherwise chain the file's bytes.
    raise InvalidConfigError("file_location", problem, hint=hint or None)


def _parse_config_text(text: str, path: str) -> configparser.ConfigParser:
    # No interpolation, as oci: a `%` in a pass phrase is a literal `%`.
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source=path)
    except configparser.Error as exc:
        problem = f"{path} is not a valid OCI config file: {_describe_parse_error(exc)}"
    else:
        return parser
    raise InvalidConfigError("file_location", problem, hint="see `oci setup config`")


def _describe_parse_error(exc: configparser.Error) -> str:
    # configparser's own messages quote the offending line, which may hold a secret;
    # say where and what, never the line itself.
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return f"line {exc.lineno} comes before any [PROFILE] header"
    if isinstance(exc, configparser.ParsingError):
        lines = ", ".join(str(lineno) for lineno, _ in exc.errors)
        return f"line {lines} is not `key = value`"
    if isinstance(exc, configparser.DuplicateOptionError):
        return f"line {exc.lineno}: {exc.option} appears twice in [{exc.section}]"
    if isinstance(exc, configparser.DuplicateSectionError):
        return f"line {exc.lineno}: profile [{exc.section}] appears twice"
    return type(exc).__name__


def _profile_names(parser: configparser.ConfigParser, text: str) -> list[str]:
    # configparser always answers to "DEFAULT"; count it only when the file has it.
    has_default = bool(_DEFAULT_SECTION_RE.search(text))
    return ([DEFAULT_PROFILE] if has_default else []) + parser.sections()


# --- validation -------------------------------------------------------------------------


def validate_config(config: Mapping[str, Any], *, needs_api_key: bool = True) -> None:
    """Raise InvalidConfigError naming the first missing or malformed key.

    With `needs_api_key` (the default) the credentials a signer needs must be there:
    `user`, `tenancy`, `fingerprint` and `key_file` or `key_content` for an API key;
    only `security_token_file` and the key for a session (`oci session authenticate`)
    profile. Without it (a signer is supplied elsewhere) only the values present are
    checked. `region`, when present, must be a plain region name. A profile whose
    `authentication_type` is not `api_key` (Cloud Shell) cannot sign from config.
    """
    _require_mapping(config)
    mode = _auth_mode(config) if needs_api_key else None
    _validate(config, mode)


def _auth_mode(config: Mapping[str, Any]) -> _AuthMode:
    return "session" if config.get("security_token_file") is not None else "api_key"


def _require_mapping(config: object) -> None:
    if not isinstance(config, Mapping):
        raise InvalidConfigError("config", f"must be a mapping, got {type(config).__name__}")


def _validate(config: Mapping[str, Any], mode: _AuthMode | None) -> None:
    _require_mapping(config)
    for key in _STRING_KEYS:
        value = config.get(key)
        if value is not None and not isinstance(value, str):
            # The type only: the value may be a key or a pass phrase.
            raise InvalidConfigError(key, f"must be a string, got {type(value).__name__}")
    if mode is not None:
        _refuse_other_auth_types(config)
        _check_required(config, mode)
    _check_shapes(config)


def _check_required(config: Mapping[str, Any], mode: _AuthMode) -> None:
    required = ("user", "tenancy", "fingerprint") if mode == "api_key" else ()
    for key in required:
        if not config.get(key):
            raise InvalidConfigError(key, _absence(config, key), hint="see `oci setup config`")
    if mode == "session" and not config.get("security_token_file"):
        raise InvalidConfigError(
            "security_token_file", _absence(config, "security_token_file"), hint=_SESSION_HINT
        )
    if not config.get("key_file") and not config.get("key_content"):
        raise InvalidConfigError(
            "key_file", f"{_absence(config, 'key_file')}, and no key_content", hint=_KEY_FILE_HINT
        )


def _absence(config: Mapping[str, Any], key: str) -> str:
    return "empty" if config.get(key) == "" else "missing"


def _check_shapes(config: Mapping[str, Any]) -> None:
    for key in ("user", "tenancy"):
        value = config.get(key)
        if value and not _OCID_RE.fullmatch(value):
            raise InvalidConfigError(
                key, f"{_shorten(value)} is not an OCID", hint=f"expected ocid1.{key}.oc1..<id>"
            )
    fingerprint = config.get("fingerprint")
    if fingerprint and not _FINGERPRINT_RE.fullmatch(fingerprint):
        raise InvalidConfigError("fingerprint", _fingerprint_problem(fingerprint))
    if config.get("region") is not None:
        validate_region(config["region"])


def _fingerprint_problem(fingerprint: str) -> str:
    if _FINGERPRINT_RE.fullmatch(fingerprint.lower()):
        return f"{_shorten(fingerprint)} must use lower-case hex, as the console shows it"
    return f"{_shorten(fingerprint)} is not 16 colon-separated hex pairs (aa:bb:...:ff)"


def _shorten(value: str, limit: int = 80) -> str:
    return repr(value if len(value) <= limit else value[:limit] + "...")


# --- signers ----------------------------------------------------------------------------


def signer_from_config(config: Mapping[str, Any]) -> Any:
    """The signer a profile asks for, as the `oci` SDK and CLI build it.

    A profile with `security_token_file` (from `oci session authenticate`) gets an
    `oci.auth.signers.SecurityTokenSigner`; any other an API-key `oci.signer.Signer`.
    """
    _require_mapping(config)
    if _auth_mode(config) == "session":
        return session_token_signer_from_config(config)
    return api_key_signer_from_config(config)


def _refuse_other_auth_types(config: Mapping[str, Any]) -> None:
    # Cloud Shell profiles say `authentication_type=instance_principal`; they have no
    # user key, so an API-key signer would fail with a confusing "user missing".
    auth_type = config.get("authentication_type")
    if auth_type not in (None, "", "api_key"):
        raise InvalidConfigError(
            "authentication_type",
            f"{auth_type!r} profiles are not supported by config-based signing",
            hint=_OTHER_AUTH_HINT,
        )


def api_key_signer_from_config(config: Mapping[str, Any]) -> Any:
    """An `oci.signer.Signer` for the profile's API key, ignoring any session token."""
    _validate(config, "api_key")

    import oci.signer  # noqa: PLC0415 (lazy: `import oci` is a third of a second)

    def build(pem: bytes, pass_phrase: bytes | None) -> Any:
        return oci.signer.Signer(
            tenancy=config["tenancy"],
            user=config["user"],
            fingerprint=config["fingerprint"],
            private_key_file_location=None,  # unused: the content is always given
            pass_phrase=pass_phrase,
            private_key_content=pem,
        )

    material = _key_material(config)
    signer = _load_with_key_errors(material, _pass_phrase(config), build)
    _require_rsa(signer.private_key, material)
    return signer


def session_token_signer_from_config(config: Mapping[str, Any]) -> Any:
    """An `oci.auth.signers.SecurityTokenSigner` from `security_token_file` and the key."""
    import oci.auth.signers  # noqa: PLC0415 (lazy import, see above)
    import oci.signer  # noqa: PLC0415

    _validate(config, "session")
    token = _read_token(config["security_token_file"])
    material = _key_material(config)
    private_key = _load_with_key_errors(material, _pass_phrase(config), oci.signer.load_private_key)
    _require_rsa(private_key, material)
    return oci.auth.signers.SecurityTokenSigner(token, private_key)


@dataclass(frozen=True)
class _KeyMaterial:
    key: str  # the config key it came from: key_file or key_content
    where: str  # for messages: the file's path, or "key_content"
    pem: bytes = field(repr=False)

    @property
    def encrypted(self) -> bool:
        # PKCS#8 "BEGIN ENCRYPTED PRIVATE KEY" or OpenSSL's "Proc-Type: 4,ENCRYPTED".
        return b"ENCRYPTED" in self.pem

    @property
    def public(self) -> bool:
        return b"PUBLIC KEY-----" in self.pem or self.pem.startswith(b"ssh-")


def _key_material(config: Mapping[str, Any]) -> _KeyMaterial:
    # key_content wins over key_file, as in oci.signer.Signer.
    content = config.get("key_content")
    if content:
        return _KeyMaterial("key_content", "key_content", content.encode("utf-8").strip())
    path = os.path.expanduser(config["key_file"])
    return _KeyMaterial("key_file", path, _read_secret_file("key_file", path, _KEY_FILE_HINT))


def _read_secret_file(key: str, path: str, hint: str) -> bytes:
    try:
        with open(path, "rb") as stream:
            data = stream.read().strip()
    except FileNotFoundError:
        problem = f"{path} not found"
    except IsADirectoryError:
        problem = f"{path} is a directory"
    except OSError as exc:
        problem = f"could not read {path}: {exc.strerror or type(exc).__name__}"
    else:
        if data:
            return data
        problem = f"{path} is empty"
    raise InvalidConfigError(key, problem, hint=hint)


def _pass_phrase(config: Mapping[str, Any]) -> bytes | None:
    # An empty `pass_phrase =` means none. UTF-8, where oci would fail on non-ASCII.
    value = config.get("pass_phrase")
    return value.encode("utf-8") if value else None


def _load_with_key_errors(
    material: _KeyMaterial,
    pass_phrase: bytes | None,
    load: Callable[[bytes, bytes | None], Any],
) -> Any:
    """`load(pem, pass_phrase)`, with any failure turned into an InvalidConfigError."""
    try:
        return load(material.pem, pass_phrase)
    except Exception as exc:  # whatever loading the key raises is a problem with the key
        failure = _key_failure(exc, material, pass_phrase is not None)
    # Raised outside the handler, so that nothing chains the key or pass phrase.
    raise failure


def _key_failure(
    exc: Exception, material: _KeyMaterial, has_pass_phrase: bool
) -> InvalidConfigError:
    import oci.exceptions  # noqa: PLC0415 (lazy import, see api_key_signer_from_config)

    if isinstance(exc, oci.exceptions.MissingPrivateKeyPassphrase):
        return InvalidConfigError(
            "pass_phrase",
            f"missing: the private key in {material.where} is encrypted",
            hint="set pass_phrase in the profile",
        )
    if material.public:
        return InvalidConfigError(
            material.key,
            f"{material.where} holds a public key, not a private key",
            hint="use the private key (e.g. oci_api_key.pem), not the .pub file",
        )
    if material.encrypted and has_pass_phrase:
        return InvalidConfigError(
            "pass_phrase", f"wrong pass phrase for the private key in {material.where}"
        )
    return InvalidConfigError(
        material.key,
        f"{material.where} does not hold a PEM private key",
        hint="expected -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----",
    )


def _require_rsa(private_key: Any, material: _KeyMaterial) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: PLC0415 (lazy)

    # oci signs with RSA only; an EC or Ed25519 key would fail at the first request.
    if not isinstance(private_key, rsa.RSAPrivateKey):
        raise InvalidConfigError(
            material.key,
            f"{material.where} holds a {type(private_key).__name__}, not an RSA key",
            hint="OCI API signing keys are RSA (2048 bits or more)",
        )


def _read_token(path: str) -> str:
    expanded = os.path.expanduser(path)
    data = _read_secret_file("security_token_file", expanded, _SESSION_HINT)
    if not _TOKEN_RE.fullmatch(data):
        raise InvalidConfigError(
            "security_token_file",
            f"{expanded} does not hold a session token",
            hint=_SESSION_HINT,
        )
    return data.decode("ascii")
