"""Render `operations.py` of the generated package: every operation as client methods.

openapi-python-client emits one module per operation whose `_get_kwargs` builds the
request. It does not emit what the SDK's clients offer on top: per operation a plain
method (returns the model) and a `_detailed` one (returns an `ApiResponse`), for the sync
and the async client, with a docstring that says what the spec says. This step renders
them from `openapi/templates/operations.py.jinja`, one template whose single macro is
rendered once per flavour, so sync and async cannot drift apart.

Where the facts come from:
- Python names and types of parameters: the generator's own parse of the spec
  (`GeneratorData`), so they match the `_get_kwargs` they are passed to, enums included.
- Descriptions, statuses, headers and `x-aidp-idempotent`: the spec itself (the
  generator's parse drops parameter descriptions).
- Which `ServiceError` subclass a documented error status raises: `service_error_class`
  of overlays/aidp_notebook/_errors.py, loaded on its own (it imports nothing of the
  SDK), so the docstrings name exactly what the request core raises.

Rules a new operation follows without any hand-written code:
- its methods are named from the operationId (`GetSession` -> `get_session`);
- path parameters are positional, then the request body (`details`: the model or a
  mapping of its JSON names), then query and header parameters, keyword-only;
- the success body must be a JSON object schema (`$ref`); a schema whose only property is
  an `items` array (a collection) makes the plain method return those items;
- POST operations are not idempotent (retried only under an `opc-retry-token`) unless the
  operation says `x-aidp-idempotent: true`; any operation can say `false`;
- a string path parameter marked `x-aidp-path: true` holds a `/`-separated path (a file in
  the workspace): the request core checks it segment by segment and sends it as one
  segment (`/` as `%2F`) or, as the client's `content_path_encoding` says, with `/` as is;
- a collection that documents the `opc-next-page` response header and takes a `page` query
  parameter is paged: its plain method returns the items of every page, `iter_<items>`
  yields them lazily, and `_detailed` returns one page.
Anything the clients cannot run (a non-JSON body, two different success schemas) stops
the generation with a message naming the operation.
"""

from __future__ import annotations

import importlib.util
import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.properties import EnumProperty
from openapi_python_client.strings import ClassName, PythonIdentifier
from spec_manifest import HTTP_METHODS, resolve

TEMPLATE = "operations.py.jinja"
IDEMPOTENT_EXTENSION = "x-aidp-idempotent"
PATH_EXTENSION = "x-aidp-path"
JSON = "application/json"
# Imports the generator adds for `X | Unset` parameters; the methods take `X | None`.
_UNSET_IMPORTS = {"from .types import UNSET, Unset", "from typing import cast"}


class RenderError(Exception):
    """The spec asks for something the clients cannot run; the message says what."""


@dataclass
class Param:
    python_name: str
    wire_name: str
    location: str  # path, query or header
    type: str  # the Python type of a given value (no None / Unset)
    required: bool
    description: str
    enum: str | None = None  # the enum class a given str is converted to
    slash_path: bool = False  # a path parameter whose value is a `/`-separated path


@dataclass
class Body:
    model: str
    required: bool
    description: str


@dataclass
class Result:
    type: str  # what the plain method returns
    model: str | None  # the success body's model, None for no body
    unwrap: str | None  # the collection model whose `items` the plain method returns
    statuses: list[str]
    headers: list[str]
    description: str


@dataclass
class Raised:
    error: str  # ServiceError subclass
    statuses: list[str]
    descriptions: list[str]


@dataclass
class Operation:
    operation_id: str
    method_name: str
    constant: str
    module: str  # the endpoint module under api/, dotted
    http_method: str
    summary: str
    description: str
    path_params: list[Param]
    options: list[Param]
    body: Body | None
    result: Result
    raises: list[Raised]
    idempotent: bool
    retry_token: bool
    imports: set[str] = field(default_factory=set)

    @property
    def slash_path_params(self) -> list[str]:
        return [p.python_name for p in self.path_params if p.slash_path]

    @property
    def param_names(self) -> list[str]:
        return [p.python_name for p in self.path_params + self.options]

    @property
    def paged(self) -> bool:
        """A list that answers `opc-next-page` and takes it back as `page`."""
        takes_page = any(p.wire_name == "page" and p.location == "query" for p in self.options)
        return bool(self.result.unwrap) and takes_page and "opc-next-page" in self.result.headers

    @property
    def iter_name(self) -> str:
        """`list_sessions` -> `iter_sessions`: the lazy iterator of a paged list."""
        return "iter_" + self.method_name.removeprefix("list_")


def generator_data(spec: dict[str, Any], config_path: Path, spec_path: Path) -> GeneratorData:
    config = Config.from_sources(
        ConfigFile.load_from_path(config_path), MetaType.NONE, spec_path, "utf-8", False, None
    )
    data = GeneratorData.from_dict(spec, config=config)
    if not isinstance(data, GeneratorData):
        raise RenderError(f"the generator cannot parse the spec: {data.detail}")
    return data


def load_error_classes(errors_path: Path) -> Callable[[int], type]:
    """`service_error_class` of the overlay's _errors.py, without importing the SDK."""
    if not errors_path.is_file():
        raise RenderError(f"{errors_path} is missing; the docstrings name its error classes")
    module_spec = importlib.util.spec_from_file_location("_aidp_codegen_errors", errors_path)
    if module_spec is None or module_spec.loader is None:
        raise RenderError(f"cannot load {errors_path}")
    module = importlib.util.module_from_spec(module_spec)
    try:
        module_spec.loader.exec_module(module)
    except ImportError as exc:
        raise RenderError(
            f"{errors_path} must stay importable on its own (standard library only), because "
            f"the generated docstrings name its error classes: {exc}"
        ) from None
    service_error_class: Callable[[int], type] = module.service_error_class
    return service_error_class


def _text(node: dict[str, Any], key: str = "description") -> str:
    return " ".join(str(node.get(key) or "").split())


def _schema_name(spec: dict[str, Any], schema: dict[str, Any], where: str) -> str:
    ref = schema.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/components/schemas/"):
        raise RenderError(
            f"{where}: only a $ref to a schema under components/schemas is supported as a JSON "
            "body; give the body a named schema"
        )
    name = ref.rsplit("/", 1)[-1]
    if resolve(spec, schema).get("type", "object") != "object":
        raise RenderError(f"{where}: the schema {name} must be a JSON object")
    return name


def _json_schema(spec: dict[str, Any], node: dict[str, Any], where: str) -> dict[str, Any] | None:
    content = resolve(spec, node).get("content") or {}
    if not content:
        return None
    if set(content) != {JSON}:
        raise RenderError(f"{where}: only {JSON} is supported, got {', '.join(sorted(content))}")
    schema: dict[str, Any] = content[JSON].get("schema") or {}
    return schema


def _collection_items(spec: dict[str, Any], name: str) -> str | None:
    """The item model of a collection schema (only an `items` array of a $ref), else None."""
    schema = spec["components"]["schemas"][name]
    properties = schema.get("properties") or {}
    if set(properties) != {"items"}:
        return None
    items = resolve(spec, properties["items"])
    if items.get("type") != "array" or "$ref" not in (items.get("items") or {}):
        return None
    return str(items["items"]["$ref"]).rsplit("/", 1)[-1]


def _constant(method_name: str) -> str:
    return method_name.upper()


def _raw_parameters(
    spec: dict[str, Any], item: dict[str, Any], op: dict[str, Any]
) -> dict[tuple[str, str], Any]:
    params = [resolve(spec, p) for p in item.get("parameters", []) + op.get("parameters", [])]
    return {(p["in"], p["name"]): p for p in params}


def _param_description(raw: dict[str, Any]) -> str:
    text = _text(raw)
    default = (raw.get("schema") or {}).get("default")
    if default is not None:
        shown = str(default).lower() if isinstance(default, bool) else str(default)
        text += f" The service's default: {shown}."
    if raw["in"] == "query":
        text += f" Sent as the query parameter `{raw['name']}`."
    elif raw["in"] == "header":
        text += f" Sent as the `{raw['name']}` header."
    return text.strip()


def _params(
    endpoint: Any, raw_params: dict[tuple[str, str], Any], where: str
) -> tuple[list[Param], list[Param], set[str]]:
    path_params: list[Param] = []
    options: list[Param] = []
    imports: set[str] = set()
    for location, props in (
        ("path", endpoint.path_parameters),
        ("query", endpoint.query_parameters),
        ("header", endpoint.header_parameters),
    ):
        for prop in props:
            wire = str(prop.name.get_untrusted_value())
            raw = raw_params.get((location, wire))
            if raw is None:
                raise RenderError(f"{where}: cannot find the {location} parameter {wire!r}")
            enum = str(prop.class_info.name) if isinstance(prop, EnumProperty) else None
            slash_path = raw.get(PATH_EXTENSION, False)
            if not isinstance(slash_path, bool):
                raise RenderError(f"{where}: {PATH_EXTENSION} of {wire!r} must be true or false")
            is_string = (raw.get("schema") or {}).get("type") == "string"
            if slash_path and (location != "path" or not is_string):
                raise RenderError(
                    f"{where}: {PATH_EXTENSION} is for a string path parameter, not {wire!r}"
                )
            param = Param(
                python_name=str(prop.python_name),
                wire_name=wire,
                location=location,
                type=prop.get_type_string(no_optional=True).as_unembedded_code(),
                required=bool(prop.required),
                description=_param_description(raw),
                enum=enum,
                slash_path=slash_path,
            )
            if enum is not None:
                # A StrEnum of our templates: any str converts, unknown values included.
                param.type = f"{enum} | str"
            imports |= set(prop.get_imports(prefix=".")) - _UNSET_IMPORTS
            (path_params if location == "path" else options).append(param)
    return path_params, options, imports


def _result(
    spec: dict[str, Any], op: dict[str, Any], class_name: Callable[[str], str], where: str
) -> Result:
    success = {
        str(code): resolve(spec, response)
        for code, response in op.get("responses", {}).items()
        if str(code).startswith("2")
    }
    if not success:
        raise RenderError(f"{where}: no 2xx response is documented")
    schemas = {
        code: _json_schema(spec, response, f"{where} -> {code}")
        for code, response in success.items()
    }
    names = {
        _schema_name(spec, schema, f"{where} -> {code}") if schema is not None else None
        for code, schema in schemas.items()
    }
    if len(names) != 1:
        raise RenderError(
            f"{where}: its 2xx responses have different bodies ({sorted(map(str, names))}); "
            "the clients return one type per operation"
        )
    (name,) = names
    headers = sorted({h for response in success.values() for h in response.get("headers", {})})
    statuses = sorted(success)
    description = " ".join(_text(r) for r in success.values())
    if name is None:
        return Result("None", None, None, statuses, headers, description)
    model = class_name(name)
    items = _collection_items(spec, name)
    schema_text = _text(spec["components"]["schemas"][name])
    if items is not None:
        items_text = _text(spec["components"]["schemas"][name]["properties"]["items"])
        return Result(
            f"list[{class_name(items)}]", model, model, statuses, headers,
            f"{items_text.rstrip('.')}: the `items` of the {model} the service returns. "
            f"{schema_text}",
        )  # fmt: skip
    return Result(model, model, None, statuses, headers, schema_text)


def _raises(
    spec: dict[str, Any], op: dict[str, Any], error_class: Callable[[int], type]
) -> list[Raised]:
    grouped: dict[str, Raised] = {}
    for status_code, response in op.get("responses", {}).items():
        code = str(status_code)
        if code.startswith(("1", "2", "3")):
            continue
        if code == "default":
            # Whatever status the spec does not list: the class of that status, or ServiceError.
            name, status = "ServiceError", "any other status"
        else:
            status = code
            representative = int(code[0]) * 100 if code.upper().endswith("XX") else int(code)
            name = error_class(representative).__name__
        entry = grouped.setdefault(name, Raised(name, [], []))
        entry.statuses.append(status)
        text = _text(resolve(spec, response))
        if text and text not in entry.descriptions:
            entry.descriptions.append(text)
    # The generic ServiceError (other statuses) last, the specific ones in status order.
    return sorted(grouped.values(), key=lambda r: (r.error == "ServiceError", r.statuses[0]))


def describe(
    spec: dict[str, Any], data: GeneratorData, error_class: Callable[[int], type], prefix: str
) -> list[Operation]:
    def class_name(name: str) -> str:
        return str(ClassName(name, prefix))

    # The generator names each endpoint (and its module) after the operationId.
    endpoints = {
        str(endpoint.name): (str(tag), endpoint)
        for tag, collection in data.endpoint_collections_by_tag.items()
        for endpoint in collection.endpoints
    }
    operations: list[Operation] = []
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method not in item:
                continue
            op = item[method]
            where = f"{op.get('operationId', method.upper() + ' ' + path)}"
            if "operationId" not in op:
                raise RenderError(f"{where}: an operation needs an operationId to name its methods")
            python_name = str(PythonIdentifier(op["operationId"], prefix))
            if python_name not in endpoints:
                raise RenderError(f"{where}: the generator emitted no endpoint module for it")
            tag, endpoint = endpoints[python_name]
            method_name = str(endpoint.name)
            path_params, options, imports = _params(
                endpoint, _raw_parameters(spec, item, op), where
            )
            body = None
            if "requestBody" in op:
                raw_body = resolve(spec, op["requestBody"])
                schema = _json_schema(spec, raw_body, f"{where} request body")
                if schema is None:
                    raise RenderError(f"{where}: the request body declares no content")
                model = class_name(_schema_name(spec, schema, f"{where} request body"))
                description = _text(raw_body) or _text(resolve(spec, schema))
                body = Body(model, bool(raw_body.get("required", False)), description)
            idempotent = op.get(IDEMPOTENT_EXTENSION, method != "post")
            if not isinstance(idempotent, bool):
                raise RenderError(f"{where}: {IDEMPOTENT_EXTENSION} must be true or false")
            operation = Operation(
                operation_id=str(op["operationId"]),
                method_name=method_name,
                constant=_constant(method_name),
                module=f"{tag}.{method_name}",
                http_method=method.upper(),
                summary=_text(op, "summary"),
                description=_text(op),
                path_params=path_params,
                options=options,
                body=body,
                result=_result(spec, op, class_name, where),
                raises=_raises(spec, op, error_class),
                idempotent=idempotent,
                retry_token=any(p.wire_name == "opc-retry-token" for p in options),
                imports=imports,
            )
            if operation.paged and operation.body is not None:
                raise RenderError(f"{where}: a paged list cannot take a request body")
            reserved = {"details", "self", "seen", "next_page", "response"} & set(
                operation.param_names
            )
            if reserved:
                raise RenderError(f"{where}: a parameter may not be called {reserved.pop()!r}")
            operations.append(operation)
    names = [o.method_name for o in operations]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise RenderError(f"two operations would get the same method name: {sorted(duplicates)}")
    return operations


def _wrap(text: str, indent: int, first: str = "", hang: str = "    ", width: int = 96) -> str:
    """`first` + `text` wrapped to end by column `width` when it starts at column `indent`;
    lines after the first are indented by `hang` more."""
    lines = textwrap.wrap(
        first + _docstring_safe(text),
        width=width - indent,
        subsequent_indent=hang,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return ("\n" + " " * indent).join(lines)


def _docstring_safe(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def render(
    spec: dict[str, Any],
    *,
    spec_path: Path,
    config_path: Path,
    template_dir: Path,
    errors_path: Path,
) -> str:
    data = generator_data(spec, config_path, spec_path)
    prefix = ConfigFile.load_from_path(config_path).field_prefix
    operations = describe(spec, data, load_error_classes(errors_path), prefix)
    models = sorted(
        {
            name
            for o in operations
            for name in (
                o.body.model if o.body else None,
                o.result.model,
                *re.findall(r"\[(\w+)\]", o.result.type),
            )
            if name
        }
    )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 (Python source, not HTML)
    )
    env.filters["wrap"] = _wrap
    imports = sorted({line for o in operations for line in o.imports})
    return env.get_template(TEMPLATE).render(
        operations=operations,
        models=models,
        imports=imports,
        header_parameters=_header_parameters(operations),
    )


def _header_parameters(operations: Iterable[Operation]) -> list[tuple[str, str]]:
    """(wire name, Python name) of every header parameter of every operation."""
    return sorted(
        {(p.wire_name.lower(), p.python_name) for o in operations for p in o.options
         if p.location == "header"}
    )  # fmt: skip
