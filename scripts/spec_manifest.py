"""A compact, diffable summary of the spec: operations, schemas and fields.

`make generate` stores it beside the generated package (spec-manifest.json) and
diffs the old one against the new one, so a maintainer reviewing an API upgrade
reads "what changed in the API" before "which files changed".
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def load_spec(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text())
    return loaded


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """Follow local `$ref`s until a concrete node."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local $ref is supported, got {ref!r}")
        node = spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def _type_of(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    kind = str(schema.get("type", "any"))
    if kind == "array":
        return f"array[{_type_of(spec, schema.get('items', {}))}]"
    if "format" in schema:
        kind += f"({schema['format']})"
    if "enum" in schema:
        kind += " enum " + "|".join(str(v) for v in schema["enum"])
    return kind


def _operations(spec: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op = item[method]
            params = [resolve(spec, p) for p in shared + op.get("parameters", [])]
            body = op.get("requestBody")
            body_schema = None
            if body is not None:
                content = resolve(spec, body).get("content", {})
                media = next(iter(content.values()), {})
                body_schema = _type_of(spec, media.get("schema", {}))
            result[op.get("operationId", f"{method.upper()} {path}")] = {
                "method": method.upper(),
                "path": path,
                "parameters": sorted(
                    f"{p['in']}:{p['name']}{'*' if p.get('required') else ''}" for p in params
                ),
                "body": body_schema,
                "responses": sorted(str(code) for code in op.get("responses", {})),
            }
    return result


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        required = set(schema.get("required", []))
        result[name] = {
            prop: _type_of(spec, sub) + (" required" if prop in required else "")
            for prop, sub in schema.get("properties", {}).items()
        }
    return result


def manifest_of(spec: dict[str, Any], raw: bytes) -> dict[str, Any]:
    return {
        "api_version": str(spec.get("info", {}).get("version", "")),
        "spec_sha256": hashlib.sha256(raw).hexdigest(),
        "operations": _operations(spec),
        "schemas": _schemas(spec),
    }


def _diff_section(kind: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    lines = [f"  + {kind} {name}" for name in sorted(new.keys() - old.keys())]
    lines += [f"  - {kind} {name}" for name in sorted(old.keys() - new.keys())]
    for name in sorted(old.keys() & new.keys()):
        before, after = old[name], new[name]
        if before == after:
            continue
        if kind == "schema":
            for field in sorted(after.keys() - before.keys()):
                lines.append(f"  ~ schema {name}: + field {field} ({after[field]})")
            for field in sorted(before.keys() - after.keys()):
                lines.append(f"  ~ schema {name}: - field {field}")
            for field in sorted(before.keys() & after.keys()):
                if before[field] != after[field]:
                    lines.append(
                        f"  ~ schema {name}: field {field}: {before[field]} -> {after[field]}"
                    )
        else:
            for key in sorted(before.keys() | after.keys()):
                if before.get(key) != after.get(key):
                    lines.append(f"  ~ {kind} {name}: {key}: {before.get(key)} -> {after.get(key)}")
    return lines


def _with_prefix(operations: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """`operations` with each path's leading `/old/` replaced by `/new/`."""
    return {
        name: {**op, "path": f"/{new}/{op['path'].removeprefix(f'/{old}/')}"}
        if op["path"].startswith(f"/{old}/")
        else op
        for name, op in operations.items()
    }


def diff_manifests(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """Human-readable lines describing how the API went from `old` to `new`."""
    old = old or {"api_version": None, "operations": {}, "schemas": {}}
    lines = []
    old_operations = old["operations"]
    if old.get("api_version") != new["api_version"]:
        lines.append(f"  API version: {old.get('api_version')} -> {new['api_version']}")
        if old.get("api_version"):
            # A new version moves every path; say so once, so the real changes stand out.
            moved = _with_prefix(old_operations, old["api_version"], new["api_version"])
            count = sum(moved[name] != old_operations[name] for name in moved)
            if count:
                lines.append(
                    f"  ~ paths: /{old['api_version']}/... -> /{new['api_version']}/... "
                    f"({count} operations)"
                )
            old_operations = moved
    lines += _diff_section("operation", old_operations, new["operations"])
    lines += _diff_section("schema", old["schemas"], new["schemas"])
    return lines
