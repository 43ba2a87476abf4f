"""Config files, config validation, signer selection and the public auth helpers."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import oci
import pytest
from aidp_notebook import auth
from aidp_notebook._config import (
    DEFAULT_CONFIG_FILE,
    DEFAULT_PROFILE,
    load_config,
    signer_from_config,
    validate_config,
)
from aidp_notebook._errors import AidpError, InvalidConfigError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

PASS_PHRASE = "Pass-phrase-SECRET-7f3a"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvY2lkMS51c2VyIn0.c2lnbmF0dXJl"
USER = "ocid1.user.oc1..aaaaaaaauser"
TENANCY = "ocid1.tenancy.oc1..aaaaaaaatenancy"
FINGERPRINT = "20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34"
FIXED_DATE = "Thu, 05 Jan 2014 21:31:40 GMT"
URL = "https://aidp.us-ashburn-1.oci.oraclecloud.com/20260430/sessions/s%201?limit=5"


# --- keys and files -----------------------------------------------------------------------


class Keys:
    """PEM blobs of one RSA key in several encodings, plus some things that are not it."""

    def __init__(self) -> None:
        self.rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pkcs8, pem = serialization.PrivateFormat.PKCS8, serialization.Encoding.PEM
        self.plain = self.rsa.private_bytes(pem, pkcs8, serialization.NoEncryption())
        self.encrypted = self.rsa.private_bytes(
            pem, pkcs8, serialization.BestAvailableEncryption(PASS_PHRASE.encode())
        )
        self.encrypted_traditional = self.rsa.private_bytes(
            pem,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.BestAvailableEncryption(PASS_PHRASE.encode()),
        )
        self.public = self.rsa.public_key().public_bytes(
            pem, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.ec = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            pem, pkcs8, serialization.NoEncryption()
        )


@pytest.fixture(scope="module")
def keys() -> Keys:
    return Keys()


@pytest.fixture
def key_file(tmp_path, keys) -> Path:
    path = tmp_path / "oci_api_key.pem"
    path.write_bytes(keys.plain)
    return path


@pytest.fixture
def encrypted_key_file(tmp_path, keys) -> Path:
    path = tmp_path / "encrypted.pem"
    path.write_bytes(keys.encrypted)
    return path


@pytest.fixture
def token_file(tmp_path) -> Path:
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n")
    return path


@pytest.fixture
def api_config(key_file) -> dict[str, str]:
    return {
        "user": USER,
        "tenancy": TENANCY,
        "fingerprint": FINGERPRINT,
        "key_file": str(key_file),
        "region": "us-ashburn-1",
    }


@pytest.fixture
def session_config(key_file, token_file) -> dict[str, str]:
    return {
        "tenancy": TENANCY,
        "fingerprint": FINGERPRINT,
        "key_file": str(key_file),
        "security_token_file": str(token_file),
        "region": "us-ashburn-1",
    }


def write_config(directory: Path, text: str, name: str = "config") -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip())
    return path


class FakeRequest:
    """What oci's signers read and write: method, url, headers, body and path_url."""

    def __init__(self, method: str, body: bytes | None = None) -> None:
        self.method = method
        self.url = URL
        self.body = body
        self.headers = httpx.Headers({"date": FIXED_DATE})
        if body is not None:  # the HTTP library sets it before auth runs
            self.headers["content-length"] = str(len(body))
        parts = urlsplit(URL)
        self.path_url = f"{parts.path}?{parts.query}"


def authorization(signer, method: str = "GET", body: bytes | None = None) -> str:
    request = FakeRequest(method, body)
    signer(request)
    return request.headers["authorization"]


def assert_secret_free(exc: BaseException, *secrets: str | bytes) -> None:
    """No secret in the error, its repr, its fields, or anything chained to it."""
    seen: list[BaseException] = []
    node: BaseException | None = exc
    while node is not None and node not in seen:
        seen.append(node)
        texts = [str(node), repr(node), repr(node.args), repr(vars(node))]
        for secret in secrets:
            needle = secret if isinstance(secret, str) else secret.decode("latin-1")
            assert not any(needle in text for text in texts), f"{needle!r} leaked: {texts}"
        node = node.__cause__ or node.__context__
    assert exc.__cause__ is None
    assert exc.__context__ is None


# --- load_config ------------------------------------------------------------------------


@pytest.fixture
def two_profiles(tmp_path, key_file) -> Path:
    return write_config(
        tmp_path,
        f"""
        [DEFAULT]
        user = {USER}
        fingerprint = {FINGERPRINT}
        key_file = {key_file}
        tenancy = {TENANCY}
        region = us-ashburn-1

        [prod]
        region = eu-frankfurt-1
        pass_phrase = p%ss
        """,
    )


def test_defaults_are_the_oci_ones():
    assert DEFAULT_CONFIG_FILE == "~/.oci/config"
    assert DEFAULT_PROFILE == "DEFAULT"


def test_load_config_reads_the_default_profile(two_profiles, key_file):
    assert load_config(two_profiles) == {
        "user": USER,
        "fingerprint": FINGERPRINT,
        "key_file": str(key_file),
        "tenancy": TENANCY,
        "region": "us-ashburn-1",
    }


def test_other_profiles_inherit_default_values_and_override_them(two_profiles, key_file):
    config = load_config(two_profiles, "prod")
    assert config["region"] == "eu-frankfurt-1"
    assert config["user"] == USER
    assert config["key_file"] == str(key_file)
    assert config["pass_phrase"] == "p%ss"  # no interpolation, as in oci


def test_load_config_matches_oci_from_file(two_profiles):
    ours = load_config(two_profiles, "prod")
    theirs = oci.config.from_file(str(two_profiles), "prod")
    assert ours == {key: theirs[key] for key in ours}


def test_load_config_expands_home_in_the_default_location(monkeypatch, tmp_path):
    (tmp_path / ".oci").mkdir()
    write_config(tmp_path / ".oci", "[DEFAULT]\nregion = iad\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert load_config() == {"region": "iad"}


def test_load_config_accepts_a_path_object(two_profiles):
    assert load_config(Path(two_profiles), "prod")["region"] == "eu-frankfurt-1"


def test_missing_file_names_file_location(tmp_path):
    missing = tmp_path / "nope" / "config"
    with pytest.raises(InvalidConfigError) as caught:
        load_config(missing)
    assert caught.value.key == "file_location"
    assert caught.value.problem == f"{missing} not found"
    assert caught.value.hint == "create it with `oci setup config` or pass file_location"


def test_directory_is_not_a_config_file(tmp_path):
    with pytest.raises(InvalidConfigError, match="is a directory") as caught:
        load_config(tmp_path)
    assert caught.value.key == "file_location"


def test_unknown_profile_lists_the_profiles_that_exist(two_profiles):
    with pytest.raises(InvalidConfigError) as caught:
        load_config(two_profiles, "staging")
    assert caught.value.key == "profile_name"
    assert caught.value.problem == f"profile 'staging' not found in {two_profiles}"
    assert caught.value.hint == "profiles in that file: DEFAULT, prod"


def test_absent_default_profile_is_not_found(tmp_path):
    path = write_config(tmp_path, "[prod]\nregion = iad\n[dev]\nregion = phx\n")
    with pytest.raises(InvalidConfigError) as caught:
        load_config(path)
    assert caught.value.key == "profile_name"
    assert caught.value.hint == "profiles in that file: prod, dev"


def test_empty_file_has_no_profiles(tmp_path):
    path = write_config(tmp_path, "")
    with pytest.raises(InvalidConfigError) as caught:
        load_config(path, "prod")
    assert caught.value.hint == "profiles in that file: none"


def test_profile_names_are_case_sensitive(two_profiles):
    with pytest.raises(InvalidConfigError) as caught:
        load_config(two_profiles, "PROD")
    assert caught.value.key == "profile_name"


def test_non_string_profile_name_is_refused(two_profiles):
    with pytest.raises(InvalidConfigError) as caught:
        load_config(two_profiles, 1)  # type: ignore[arg-type]
    assert caught.value.key == "profile_name"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (f"pass_phrase = {PASS_PHRASE}\n[DEFAULT]\n", "line 1 comes before any [PROFILE]"),
        (f"[DEFAULT]\nregion = iad\n{PASS_PHRASE}\n", "line 3 is not `key = value`"),
        (
            f"[DEFAULT]\npass_phrase = {PASS_PHRASE}\npass_phrase = {PASS_PHRASE}\n",
            "line 3: pass_phrase appears twice in [DEFAULT]",
        ),
        ("[prod]\nregion = iad\n[prod]\n", "line 3: profile [prod] appears twice"),
    ],
)
def test_malformed_file_names_the_line_but_never_quotes_it(tmp_path, text, where):
    path = write_config(tmp_path, text)
    with pytest.raises(InvalidConfigError) as caught:
        load_config(path)
    assert caught.value.key == "file_location"
    assert str(path) in caught.value.problem
    assert where in caught.value.problem
    assert_secret_free(caught.value, PASS_PHRASE)


def test_non_utf8_file_is_refused_without_its_bytes(tmp_path):
    path = tmp_path / "config"
    path.write_bytes(b"[DEFAULT]\npass_phrase = \xff" + PASS_PHRASE.encode() + b"\n")
    with pytest.raises(InvalidConfigError, match="not UTF-8") as caught:
        load_config(path)
    assert caught.value.key == "file_location"
    assert_secret_free(caught.value, PASS_PHRASE)


def test_key_content_is_refused_in_a_config_file(tmp_path):
    path = write_config(tmp_path, "[DEFAULT]\nkey_content = -----BEGIN PRIVATE KEY-----\n")
    with pytest.raises(InvalidConfigError, match="cannot be set in a config file") as caught:
        load_config(path)
    assert caught.value.key == "key_content"


def test_errors_are_aidp_errors_and_value_errors(tmp_path):
    with pytest.raises(AidpError):
        load_config(tmp_path / "missing")
    with pytest.raises(ValueError, match="not found"):
        load_config(tmp_path / "missing")


# --- validate_config --------------------------------------------------------------------


def test_complete_api_key_config_is_valid(api_config):
    assert validate_config(api_config) is None


def test_key_content_instead_of_key_file_is_valid(api_config, keys):
    del api_config["key_file"]
    api_config["key_content"] = keys.plain.decode()
    assert validate_config(api_config) is None


def test_session_config_needs_no_user(session_config):
    assert "user" not in session_config
    assert validate_config(session_config) is None


def test_none_values_count_as_absent(api_config):
    api_config["pass_phrase"] = None  # what oci.config.from_file puts there
    api_config["region"] = None
    assert validate_config(api_config) is None


@pytest.mark.parametrize(
    ("changes", "key", "fragment"),
    [
        ({"user": None}, "user", "missing"),
        ({"user": ""}, "user", "empty"),
        ({"tenancy": None}, "tenancy", "missing"),
        ({"fingerprint": None}, "fingerprint", "missing"),
        ({"key_file": None}, "key_file", "missing, and no key_content"),
        ({"key_file": ""}, "key_file", "empty, and no key_content"),
        ({"user": "not-an-ocid"}, "user", "'not-an-ocid' is not an OCID"),
        ({"user": "ocid1.user.oc1"}, "user", "is not an OCID"),
        ({"user": "ocid1.user.oc1..aaaa/evil"}, "user", "is not an OCID"),
        ({"tenancy": "ocid1 tenancy.oc1..aaaa"}, "tenancy", "is not an OCID"),
        ({"fingerprint": FINGERPRINT.upper()}, "fingerprint", "lower-case hex"),
        ({"fingerprint": FINGERPRINT[:-3]}, "fingerprint", "16 colon-separated hex pairs"),
        ({"fingerprint": FINGERPRINT.replace(":", "")}, "fingerprint", "hex pairs"),
        ({"fingerprint": FINGERPRINT + ":aa"}, "fingerprint", "hex pairs"),
        ({"fingerprint": "zz" + FINGERPRINT[2:]}, "fingerprint", "hex pairs"),
        ({"region": "evil.example#"}, "region", "is not a region name"),
        ({"region": "us-ashburn-1.evil.com"}, "region", "is not a region name"),
        ({"region": ""}, "region", "empty"),
        ({"region": 1}, "region", "must be a string, got int"),
        ({"user": 42}, "user", "must be a string, got int"),
        ({"key_file": Path("/k.pem")}, "key_file", "must be a string, got PosixPath"),
        ({"pass_phrase": 1234}, "pass_phrase", "must be a string, got int"),
        ({"key_content": b"-----BEGIN"}, "key_content", "must be a string, got bytes"),
        ({"security_token_file": 7}, "security_token_file", "must be a string"),
        ({"authentication_type": "instance_principal"}, "authentication_type", "not supported"),
    ],
)
def test_bad_configs_name_the_key(api_config, changes, key, fragment):
    for name, value in changes.items():
        if value is None:
            api_config.pop(name)
        else:
            api_config[name] = value
    with pytest.raises(InvalidConfigError) as caught:
        validate_config(api_config)
    assert caught.value.key == key
    assert fragment in caught.value.problem


def test_session_config_needs_a_key(session_config):
    del session_config["key_file"]
    with pytest.raises(InvalidConfigError) as caught:
        validate_config(session_config)
    assert caught.value.key == "key_file"


def test_session_config_still_checks_present_values(session_config):
    session_config["user"] = "bad"
    with pytest.raises(InvalidConfigError) as caught:
        validate_config(session_config)
    assert caught.value.key == "user"


@pytest.mark.parametrize(
    "value",
    [
        USER,
        TENANCY,
        "ocid1.user.oc1..",
        "ocid1.user.oc1..a",
        "ocid1:user:oc1::abc",
        "ocid1.user.oc1.iad.abc",
        "ocid1.user.oc1",
        "ocid1..oc1..",
        "ocid1.user.oc1..a b",
        "ocid1.user.oc1..a#b",
        "a.b.c.d",
        "a.b.c.d.e",
    ],
)
def test_ocid_shape_rule_is_the_oci_one(api_config, value):
    api_config["user"] = value
    if oci.config.PATTERNS["user"].match(value):
        assert validate_config(api_config) is None
    else:
        with pytest.raises(InvalidConfigError) as caught:
            validate_config(api_config)
        assert caught.value.key == "user"


def test_without_needs_api_key_only_present_values_are_checked():
    assert validate_config({"region": "iad"}, needs_api_key=False) is None
    assert validate_config({}, needs_api_key=False) is None
    for config, key in (
        ({"region": "a/b"}, "region"),
        ({"fingerprint": "nope"}, "fingerprint"),
        ({"user": 3}, "user"),
    ):
        with pytest.raises(InvalidConfigError) as caught:
            validate_config(config, needs_api_key=False)
        assert caught.value.key == key


def test_non_mapping_config_is_refused():
    with pytest.raises(InvalidConfigError) as caught:
        validate_config(["user"])  # type: ignore[arg-type]
    assert caught.value.key == "config"


# --- API-key signers --------------------------------------------------------------------


def direct_signer(key_file: Path, pass_phrase: str | None = None):
    return oci.signer.Signer(TENANCY, USER, FINGERPRINT, str(key_file), pass_phrase=pass_phrase)


def test_api_key_profile_gets_an_oci_signer(api_config):
    signer = signer_from_config(api_config)
    assert type(signer) is oci.signer.Signer
    assert signer.api_key == f"{TENANCY}/{USER}/{FINGERPRINT}"


@pytest.mark.parametrize(
    ("method", "body"), [("GET", None), ("DELETE", None), ("POST", b'{"a":1}')]
)
def test_signature_matches_oci_signer_for_a_fixed_date(api_config, key_file, method, body):
    ours = authorization(signer_from_config(api_config), method, body)
    theirs = authorization(direct_signer(key_file), method, body)
    assert ours.startswith("Signature ")
    assert f'keyId="{TENANCY}/{USER}/{FINGERPRINT}"' in ours
    assert ours == theirs


def test_key_content_signs_like_key_file(api_config, keys):
    from_file = authorization(signer_from_config(api_config), "POST", b"{}")
    api_config["key_content"] = keys.plain.decode()
    api_config["key_file"] = "/nonexistent/key.pem"  # key_content wins, as in oci
    assert authorization(signer_from_config(api_config), "POST", b"{}") == from_file


def test_signing_with_another_key_differs(api_config, tmp_path):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path = tmp_path / "other.pem"
    path.write_bytes(
        other.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    ours = authorization(signer_from_config(api_config))
    api_config["key_file"] = str(path)
    assert authorization(signer_from_config(api_config)) != ours


@pytest.mark.parametrize("encoding", ["encrypted", "encrypted_traditional"])
def test_encrypted_key_with_the_right_pass_phrase(api_config, tmp_path, keys, encoding):
    path = tmp_path / "key.pem"
    path.write_bytes(getattr(keys, encoding))
    api_config.update(key_file=str(path), pass_phrase=PASS_PHRASE)
    expected = authorization(direct_signer(path, PASS_PHRASE))
    assert authorization(signer_from_config(api_config)) == expected


def test_non_ascii_pass_phrase_is_utf8(api_config, tmp_path, keys):
    pass_phrase = "pässwörd-✓"
    path = tmp_path / "key.pem"
    path.write_bytes(
        keys.rsa.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(pass_phrase.encode()),
        )
    )
    api_config.update(key_file=str(path), pass_phrase=pass_phrase)
    signer = signer_from_config(api_config)
    assert signer.private_key.private_numbers() == keys.rsa.private_numbers()


def test_pass_phrase_for_a_plain_key_is_ignored(api_config, key_file):
    # As in oci: a pass_phrase inherited from [DEFAULT] must not break an unencrypted key.
    api_config["pass_phrase"] = "inherited"
    assert authorization(signer_from_config(api_config)) == authorization(direct_signer(key_file))


def test_wrong_pass_phrase_names_pass_phrase(api_config, encrypted_key_file):
    api_config.update(key_file=str(encrypted_key_file), pass_phrase="wrong-" + PASS_PHRASE)
    with pytest.raises(InvalidConfigError) as caught:
        signer_from_config(api_config)
    assert caught.value.key == "pass_phrase"
    assert caught.value.problem == f"wrong pass phrase for the private key in {encrypted_key_file}"
    assert_secret_free(caught.value, PASS_PHRASE, "wrong-")


@pytest.mark.parametrize("pass_phrase", [None, ""])
def test_missing_pass_phrase_names_pass_phrase(api_config, encrypted_key_file, pass_phrase):
    api_config["key_file"] = str(encrypted_key_file)
    if pass_phrase is not None:
        api_config["pass_phrase"] = pass_phrase
    with pytest.raises(InvalidConfigError) as caught:
        signer_from_config(api_config)
    assert caught.value.key == "pass_phrase"
    assert caught.value.problem.startswith("missing: the private key in ")
    assert caught.value.hint == "set pass_phrase in the profile"


def test_wrong_pass_phrase_in_key_content(api_config, keys):
    del api_config["key_file"]
    api_config.update(key_content=keys.encrypted.decode(), pass_phrase="nope-nope")
    with pytest.raises(InvalidConfigError) as caught:
        signer_from_config(api_config)
    assert caught.value.key == "pass_phrase"
    assert "key_content" in caught.value.problem
    assert_secret_free(caught.value, "nope-nope", "ENCRYPTED PRIVATE KEY", PASS_PHRASE)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("missing", "not found"),
        ("directory", "is a directory"),
        (b"", "is empty"),
        (b"  \n", "is empty"),
        ("public", "holds a public key"),
        ("ec", "not an RSA key"),
        (b"SECRET-not-a-key", "does not hold a PEM private key"),
        (b"-----BEGIN RSA PRIVATE KEY-----\nSECRETgarbage\n", "PEM private key"),
        (b"\x00\xff\xfeSECRET", "does not hold a PEM private key"),
    ],
)
def test_bad_key_files_name_key_file(api_config, tmp_path, keys, content, fragment):
    path = tmp_path / "bad.pem"
    if content == "directory":
        path.mkdir()
    elif content == "public":
        path.write_bytes(keys.public)
    elif content == "ec":
        path.write_bytes(keys.ec)
    elif content != "missing":
        path.write_bytes(content)
    api_config["key_file"] = str(path)
    with pytest.raises(InvalidConfigError) as caught:
        signer_from_config(api_config)
    assert caught.value.key == "key_file"
    assert fragment in caught.value.problem
    assert str(path) in caught.value.problem
    assert_secret_free(caught.value, "SECRET")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_key_file_names_key_file(api_config, key_file):
    key_file.chmod(0)
    with pytest.raises(InvalidConfigError, match="could not read") as caught:
        signer_from_config(api_config)
    assert caught.value.key == "key_file"


@pytest.mark.parametrize(
    "content",
    [
        "SECRET-not-a-key",
        "-----BEGIN PRIVATE KEY-----\nSECRETxx\n-----END PRIVATE KEY-----",
        "é SECRET",
    ],
)
def test_bad_key_content_names_key_content(api_config, content):
    del api_config["key_file"]
    api_config["key_content"] = content
    with pytest.raises(InvalidConfigError) as caught:
        signer_from_config(api_config)
    assert caught.value.key == "key_content"
    assert caught.value.problem == "key_content does not hold a PEM private key"
    assert_secret_free(caught.value, "SECRET")


def test_public_key_content_names_key_content(api_config, keys):
    del api_config["key_file"]
    api_config["key_content"] = keys.public.decode()
    with pytest.raises(InvalidConfigError, match="public key") as caught:
        signer_from_config(api_config)
    assert caught.value.key == "key_content"


def test_non_string_secret_is_refused_by_type_only(api_config):
    api_config["pass_phrase"] = b"SECRET-bytes"
    with pytest.raises(InvalidConfigError) as caught:
        signer_from_config(api_config)
    assert caught.value.key == "pass_phrase"
    assert_secret_free(caught.value, "SECRET")


def test_invalid_config_is_refused_before_any_key_is_read(api_config):
    api_config["user"] = "bad"
    api_config["key_file"] = "/nonexistent.pem"
    with pytest.raises(InvalidConfigError) as caught:
        signer_from_config(api_config)
    assert caught.value.key == "user"


def test_relative_key_file_is_relative_to_the_working_directory(
    api_config, tmp_path, keys, monkeypatch
):
    # As in oci (load_private_key_from_file only expands `~`), not to the config's folder.
    config_dir, work_dir = tmp_path / "conf", tmp_path / "work"
    config_dir.mkdir()
    work_dir.mkdir()
    (config_dir / "rel.pem").write_bytes(keys.plain)
    api_config["key_file"] = "rel.pem"
    monkeypatch.chdir(work_dir)
    with pytest.raises(InvalidConfigError, match="not found") as caught:
        signer_from_config(api_config)
    assert caught.value.key == "key_file"
    (work_dir / "rel.pem").write_bytes(keys.plain)
    assert type(signer_from_config(api_config)) is oci.signer.Signer


def test_home_is_expanded_in_key_file(api_config, tmp_path, keys, monkeypatch):
    (tmp_path / ".oci").mkdir()
    (tmp_path / ".oci" / "k.pem").write_bytes(keys.plain)
    monkeypatch.setenv("HOME", str(tmp_path))
    api_config["key_file"] = "~/.oci/k.pem"
    signer = signer_from_config(api_config)
    assert signer.private_key.private_numbers() == keys.rsa.private_numbers()


def test_signer_from_a_loaded_profile(two_profiles, key_file):
    signer = signer_from_config(load_config(two_profiles, "prod"))
    assert authorization(signer) == authorization(direct_signer(key_file))


def test_cloud_shell_profiles_are_refused_clearly(api_config):
    config = {"authentication_type": "instance_principal", "delegation_token_file": "/x"}
    for candidate in (config, {**api_config, **config}):
        with pytest.raises(InvalidConfigError) as caught:
            signer_from_config(candidate)
        assert caught.value.key == "authentication_type"
        assert "aidp_notebook.auth" in (caught.value.hint or "")


# --- session (security token) signers ---------------------------------------------------


def test_security_token_profile_gets_a_security_token_signer(session_config):
    signer = signer_from_config(session_config)
    assert type(signer) is oci.auth.signers.SecurityTokenSigner
    assert signer.api_key == f"ST${TOKEN}"  # trailing newline stripped


def test_security_token_signature_matches_oci(session_config, keys):
    direct = oci.auth.signers.SecurityTokenSigner(TOKEN, keys.rsa)
    ours = authorization(signer_from_config(session_config), "POST", b"{}")
    assert f'keyId="ST${TOKEN}"' in ours
    assert ours == authorization(direct, "POST", b"{}")


def test_security_token_wins_over_an_api_key(session_config):
    session_config["user"] = USER
    assert type(signer_from_config(session_config)) is oci.auth.signers.SecurityTokenSigner


def test_session_with_encrypted_key(session_config, encrypted_key_file):
    session_config.update(key_file=str(encrypted_key_file), pass_phrase=PASS_PHRASE)
    assert type(signer_from_config(session_config)) is oci.auth.signers.SecurityTokenSigner
    session_config["pass_phrase"] = "bad-PHRASE-91"
    with pytest.raises(InvalidConfigError) as caught:
        signer_from_config(session_config)
    assert caught.value.key == "pass_phrase"
    assert_secret_free(caught.value, PASS_PHRASE, "bad-PHRASE-91")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (None, "not found"),
        (b"", "is empty"),
        (b"\n\n", "is empty"),
        (b"SECRET token with spaces", "does not hold a session token"),
        (b'SECRET"quote', "does not hold a session token"),
        (b"SECRET\ninjected: header", "does not hold a session token"),
        ("SECRET-é".encode(), "does not hold a session token"),
        (b"\xff\xfeSECRET", "does not hold a session token"),
    ],
)
def test_bad_token_files_name_security_token_file(session_config, tmp_path, content, fragment):
    path = tmp_path / "bad-token"
    if content is not None:
        path.write_bytes(content)
    session_config["security_token_file"] = str(path)
    with pytest.raises(InvalidConfigError) as caught:
        signer_from_config(session_config)
    assert caught.value.key == "security_token_file"
    assert fragment in caught.value.problem
    assert "oci session authenticate" in (caught.value.hint or "")
    assert_secret_free(caught.value, "SECRET")


def test_session_key_problems_name_key_file(session_config, tmp_path):
    session_config["key_file"] = str(tmp_path / "gone.pem")
    with pytest.raises(InvalidConfigError) as caught:
        signer_from_config(session_config)
    assert caught.value.key == "key_file"


def test_session_ec_key_is_refused(session_config, tmp_path, keys):
    path = tmp_path / "ec.pem"
    path.write_bytes(keys.ec)
    session_config["key_file"] = str(path)
    with pytest.raises(InvalidConfigError, match="not an RSA key") as caught:
        signer_from_config(session_config)
    assert caught.value.key == "key_file"


# --- aidp_notebook.auth -----------------------------------------------------------------


def test_auth_exports_the_four_helpers():
    assert sorted(auth.__all__) == [
        "api_key_signer",
        "instance_principals_signer",
        "resource_principals_signer",
        "session_token_signer",
    ]
    for name in auth.__all__:
        assert ">>>" in getattr(auth, name).__doc__ or "Example::" in getattr(auth, name).__doc__


def test_instance_principals_signer_passes_arguments_through(monkeypatch):
    class FakeSigner:
        def __init__(self, **kwargs):
            self.kwargs = kwargs

    monkeypatch.setattr(oci.auth.signers, "InstancePrincipalsSecurityTokenSigner", FakeSigner)
    signer = auth.instance_principals_signer(log_requests=True, tenancy_id="t")
    assert type(signer) is FakeSigner
    assert signer.kwargs == {"log_requests": True, "tenancy_id": "t"}


def test_instance_principals_failure_is_a_config_error(monkeypatch):
    def unreachable(**kwargs):
        raise ConnectionError("Max retries exceeded with url: http://169.254.169.254/opc/v2/")

    monkeypatch.setattr(oci.auth.signers, "InstancePrincipalsSecurityTokenSigner", unreachable)
    with pytest.raises(InvalidConfigError) as caught:
        auth.instance_principals_signer()
    assert caught.value.key == "signer"
    assert caught.value.problem.startswith(
        "could not obtain instance principals credentials: ConnectionError: Max retries"
    )
    assert "OCI compute instance" in (caught.value.hint or "")
    assert caught.value.__context__ is None


def test_principal_failure_reasons_are_redacted_and_short(monkeypatch):
    pem = "-----BEGIN RSA PRIVATE KEY-----\nSECRETKEY\n-----END RSA PRIVATE KEY-----"

    def leaky(**kwargs):
        raise ValueError(f"bad {TOKEN} and {pem} " + "x" * 500 + "\nsecond line SECRET")

    monkeypatch.setattr(oci.auth.signers, "InstancePrincipalsSecurityTokenSigner", leaky)
    with pytest.raises(InvalidConfigError) as caught:
        auth.instance_principals_signer()
    assert "<redacted>" in caught.value.problem
    assert len(caught.value.problem) < 300
    assert_secret_free(caught.value, TOKEN, "SECRET", "eyJ")


def test_resource_principals_signer_uses_oci(monkeypatch):
    sentinel = object()
    monkeypatch.setattr(oci.auth.signers, "get_resource_principals_signer", lambda: sentinel)
    assert auth.resource_principals_signer() is sentinel


def test_resource_principals_outside_a_resource_is_a_config_error(monkeypatch):
    # The real oci function: without OCI_RESOURCE_PRINCIPAL_VERSION it fails at once.
    monkeypatch.delenv("OCI_RESOURCE_PRINCIPAL_VERSION", raising=False)
    with pytest.raises(InvalidConfigError) as caught:
        auth.resource_principals_signer()
    assert caught.value.key == "signer"
    assert "could not obtain resource principals credentials" in caught.value.problem
    assert "OCI_RESOURCE_PRINCIPAL_VERSION" in caught.value.problem
    assert caught.value.__context__ is None


def test_session_token_signer(session_config):
    assert type(auth.session_token_signer(session_config)) is oci.auth.signers.SecurityTokenSigner


def test_session_token_signer_needs_a_token_file(api_config):
    with pytest.raises(InvalidConfigError) as caught:
        auth.session_token_signer(api_config)
    assert caught.value.key == "security_token_file"
    assert caught.value.problem == "missing"


def test_api_key_signer_ignores_a_session_token(session_config, key_file):
    session_config["user"] = USER
    signer = auth.api_key_signer(session_config)
    assert type(signer) is oci.signer.Signer
    assert authorization(signer) == authorization(direct_signer(key_file))


def test_api_key_signer_needs_a_user_even_with_a_token(session_config):
    with pytest.raises(InvalidConfigError) as caught:
        auth.api_key_signer(session_config)
    assert caught.value.key == "user"
