"""Validate the hand-maintained spec and enforce the project's own rules on it.

    python scripts/lint_spec.py [SPEC]

1. It must validate as OpenAPI (openapi-spec-validator).
2. Every operation has an operationId and a description; every parameter, header,
   response, schema and property has a description (a property that is a bare
   `$ref` takes the description of the schema it names).
3. Every operation path starts with `/<info.version>/`, so the version in the
   document and the one in the URLs cannot drift apart.
4. Every error response (4xx, 5xx, default) declares `opc-request-id` and an
   `Error` body; every 2xx response declares `opc-request-id`.
5. Header names (parameters and response headers) are lower case, so one header
   cannot be declared twice under two spellings.
6. An operation that takes `if-match` documents 412, and one that takes
   `opc-retry-token` documents 409: the responses those headers exist to cause.
7. No schema is both `nullable` and an `enum`: the generator then drops `nullable`
   and a JSON null fails to parse. Put the enum in a schema of its own and refer
   to it with `allOf` beside `nullable: true`.
Exits 1 and lists every problem found.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

sys.path.insert(0, str(Path(__file__).resolve().parent))
from spec_manifest import HTTP_METHODS, resolve

DEFAULT_SPEC = Path(__file__).resolve().parent.parent / "openapi" / "notebook-sessions.yaml"


def _described(node: dict[str, Any]) -> bool:
    return bool(str(node.get("description", "")).strip())


# The header parameter each of these headers exists for, and the status it causes.
_HEADER_STATUS = {"if-match": "412", "opc-retry-token": "409"}


def _check_schema(spec: dict[str, Any], where: str, schema: dict[str, Any]) -> list[str]:
    problems = []
    if "$ref" not in schema and not _described(schema):
        problems.append(f"{where}: missing description")
    if schema.get("nullable") and "enum" in schema:
        problems.append(
            f"{where}: nullable enum (the generator drops nullable); "
            "move the enum to its own schema and use allOf with nullable: true"
        )
    for name, prop in schema.get("properties", {}).items():
        target = resolve(spec, prop) if "$ref" in prop else prop
        if not _described(prop) and not _described(target):
            problems.append(f"{where}.{name}: missing description")
        if prop.get("nullable") and "enum" in prop:
            problems.append(
                f"{where}.{name}: nullable enum (the generator drops nullable); "
                "move the enum to its own schema and use allOf with nullable: true"
            )
        if target.get("type") == "object" and "$ref" not in prop:
            problems += _check_schema(spec, f"{where}.{name}", target)
    return problems


def _check_response(spec: dict[str, Any], where: str, code: str, response: Any) -> list[str]:
    response = resolve(spec, response)
    problems = []
    if not _described(response):
        problems.append(f"{where}: missing description")
    headers = response.get("headers", {})
    for name, header in headers.items():
        if not _described(resolve(spec, header)):
            problems.append(f"{where} header {name}: missing description")
        if name != name.lower():
            problems.append(f"{where} header {name}: header names must be lower case")
    if (code.startswith(("2", "4", "5")) or code == "default") and "opc-request-id" not in headers:
        problems.append(f"{where}: does not declare the opc-request-id header")
    if code.startswith(("4", "5")) or code == "default":
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        if schema.get("$ref") != "#/components/schemas/Error":
            problems.append(f"{where}: an error response must return the Error schema")
    return problems


def lint(spec: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    version = str(spec.get("info", {}).get("version", ""))
    if not version:
        problems.append("info.version is missing")
    for path, item in spec.get("paths", {}).items():
        if not path.startswith(f"/{version}/"):
            problems.append(f"path {path}: does not start with /{version}/ (info.version)")
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op = item[method]
            where = f"{method.upper()} {path}"
            if not op.get("operationId"):
                problems.append(f"{where}: missing operationId")
            if not _described(op):
                problems.append(f"{where}: missing description")
            for ref in shared + op.get("parameters", []):
                param = resolve(spec, ref)
                name = str(param.get("name"))
                if not _described(param):
                    problems.append(f"{where} parameter {name}: missing description")
                if param.get("in") == "header" and name != name.lower():
                    problems.append(f"{where} parameter {name}: header names must be lower case")
                status = _HEADER_STATUS.get(name) if param.get("in") == "header" else None
                if status is not None and status not in map(str, op.get("responses", {})):
                    problems.append(f"{where}: takes {name} but does not document {status}")
            body = op.get("requestBody")
            if body is not None and not _described(resolve(spec, body)):
                problems.append(f"{where} request body: missing description")
            for code, response in op.get("responses", {}).items():
                problems += _check_response(spec, f"{where} -> {code}", str(code), response)
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        problems += _check_schema(spec, f"schema {name}", schema)
    return problems


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SPEC
    spec, _ = read_from_filename(str(path))
    try:
        validate(spec)
    except Exception as exc:  # the validator raises its own error hierarchy
        print(f"lint_spec: {path.name} is not valid OpenAPI: {exc}")
        return 1
    problems = lint(dict(spec))
    if problems:
        print(f"lint_spec: {path.name} has {len(problems)} problem(s):")
        print("\n".join(f"  - {p}" for p in problems))
        return 1
    print(f"lint_spec: {path.name} is valid OpenAPI and passes the project's rules.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
