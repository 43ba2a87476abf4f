"""The `contents` subcommands: files, notebooks and directories of a workspace.

Between them they run the six contents operations: `create` (CreateContent), `get` and
`ls` (GetContent), `upload` (UpdateContent), `rename` (ModifyContent), `delete`
(DeleteContent) and `export` (ExportContents), plus the helpers' transfers.

Built from the same table as the session commands (_commands): shared option groups,
one function per command that returns what to print, and the same JSON/table output,
--query, exit codes and failure paragraphs. Option values, local paths included, are
checked by _options before anything runs; a directory transfer shows a progress bar on
a terminal (_transfer_progress) and exits 7 when some of its files failed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._client import NotebookClient
from .._transfer import IF_EXISTS, TransferSummary
from ._commands import REQUEST_ID, WORKSPACE, Call, Command, Option
from ._contents_render import Listing
from ._failures import ExitCode
from ._options import (
    UsageError,
    content_path,
    existing_directory,
    existing_file,
    output_directory,
    output_file,
    text,
)
from ._transfer_progress import transfer_progress

PATH = Option(
    "--path",
    required=True,
    type=content_path("--path"),
    help="path in the workspace, relative to its root, such as Shared/report.ipynb",
)
IF_MATCH = Option(
    "--if-match",
    metavar="ETAG",
    help="only if the file's etag still is ETAG (from an earlier output); else 412",
)
ENCODING = Option(
    "--content-path-encoding",
    choices=("segment", "path"),
    default="segment",
    help="how --path goes into the URL: one segment with / as %%2F (segment, the default) "
    "or with / as it is (path); which one the service wants is unconfirmed",
)
IF_EXISTS_OPTION = Option(
    "--if-exists",
    choices=IF_EXISTS,
    default="skip",
    help="what to do with a file already at the destination: skip it (the default) or overwrite it",
)
CONTENTS = (*WORKSPACE, ENCODING)
CONTENTS_ID_FLAGS = frozenset({"--ai-data-platform-id", "--workspace-key", "--path"})


def _client(call: Call) -> NotebookClient:
    return call.client.with_options(content_path_encoding=call.args.content_path_encoding)


def _ls(call: Call) -> object:
    return Listing(_client(call).list_directory(*call.workspace, call.args.path))


def _get(call: Call) -> object:
    a = call.args
    return _client(call).get_content_detailed(
        *call.workspace, a.path, type_=a.type, format_=a.format,
        content=0 if a.no_content else None, hash_=1 if a.hash else None,
        opc_request_id=a.opc_request_id,
    )  # fmt: skip


def _create(call: Call) -> object:
    a = call.args
    fields = {"type": a.type, "ext": a.ext, "copy_from": a.copy_from}
    details = {key: value for key, value in fields.items() if value is not None}
    return _client(call).create_content_detailed(
        *call.workspace, a.path, details, opc_retry_token=a.opc_retry_token,
        opc_request_id=a.opc_request_id,
    )  # fmt: skip


def _usage(option: str, action: Callable[[], Any]) -> Any:
    """Run `action`; a ValueError it raises is about the value of `option`: a usage error."""
    try:
        return action()
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def _upload(call: Call) -> object:
    a = call.args
    client = _client(call)
    return _usage(
        "--file",
        lambda: client.upload_file(*call.workspace, a.file, a.path, if_match=a.if_match),
    )


def _download(call: Call) -> object:
    a = call.args
    client = _client(call)
    written: Path = _usage("--path", lambda: client.download_file(*call.workspace, a.path, a.file))
    return {"path": a.path, "file": str(written.resolve()), "size": written.stat().st_size}


def _rename(call: Call) -> object:
    a = call.args
    return _client(call).modify_content_detailed(
        *call.workspace, a.path, {"path": a.new_path}, if_match=a.if_match,
        opc_request_id=a.opc_request_id,
    )  # fmt: skip


def _delete(call: Call) -> object:
    a = call.args
    _client(call).delete_content(
        *call.workspace, a.path, if_match=a.if_match, opc_request_id=a.opc_request_id
    )
    print(f"Deleted {a.path}.", file=call.stderr)
    return None


def _export(call: Call) -> object:
    a = call.args
    client = _client(call)
    if a.file is None:
        return client.export_contents_detailed(
            *call.workspace, a.path, {"format": a.format}, opc_request_id=a.opc_request_id
        )
    text = client.export_notebook(*call.workspace, a.path, a.format, to=a.file)
    target = Path(a.file).resolve()
    return {"path": a.path, "format": a.format, "file": str(target), "size": len(text.encode())}


def _upload_dir(call: Call) -> object:
    a = call.args
    label = f"Uploading {a.dir} to {a.path}"
    with transfer_progress(call.stderr, label) as on_progress:
        return _client(call).upload_dir(
            *call.workspace, a.dir, a.path, if_exists=a.if_exists, on_progress=on_progress
        )


def _download_dir(call: Call) -> object:
    a = call.args
    label = f"Downloading {a.path} to {a.dir}"
    with transfer_progress(call.stderr, label) as on_progress:
        return _client(call).download_dir(
            *call.workspace, a.path, a.dir, if_exists=a.if_exists, on_progress=on_progress
        )


def _transfer_status(result: object) -> int:
    if isinstance(result, TransferSummary) and not result.ok:
        return ExitCode.PARTIAL
    return ExitCode.OK


CONTENTS_COMMANDS: tuple[Command, ...] = (
    Command(
        "ls",
        "list a directory of the workspace",
        (*CONTENTS, PATH),
        _ls,
        description="List the files, notebooks and directories in a directory of the "
        "workspace, each without its content.",
        requires="list_directory",
    ),
    Command(
        "get",
        "show a file, notebook or directory, with its content",
        (
            *CONTENTS,
            PATH,
            Option("--type", choices=("file", "notebook", "directory"), help="kind to ask for"),
            Option(
                "--format", choices=("text", "base64", "json"), help="content format to ask for"
            ),
            Option("--no-content", action="store_true", help="the model without its content"),
            Option("--hash", action="store_true", help="also the content's digest"),
            REQUEST_ID,
        ),
        _get,
        description="Show the model of a file, notebook or directory as the API returns it, "
        "with its content (use --query data.content --raw-output for the content alone).",
    ),
    Command(
        "create",
        "create an untitled file, notebook or directory, or a copy, in a directory",
        (
            *CONTENTS,
            Option(
                "--path",
                required=True,
                type=content_path("--path"),
                help="the directory to create in, such as Shared",
            ),
            Option(
                "--type",
                choices=("file", "notebook", "directory"),
                help="what to create (default: a file)",
            ),
            Option("--ext", type=text("--ext"), help="extension of a new file, such as .py"),
            Option(
                "--copy-from",
                type=content_path("--copy-from"),
                metavar="PATH",
                help="copy this notebook instead of making a new one",
            ),
            Option(
                "--opc-retry-token",
                metavar="TOKEN",
                help="token that makes retrying "
                "this create safe (same token: no second file); by default a new one",
            ),
            REQUEST_ID,
        ),
        _create,
        description="Create a new, untitled file, notebook or directory in the directory "
        "--path (the service picks the name, such as Untitled.ipynb, and prints it), or a "
        "copy of the notebook --copy-from.",
        requires="create_content_detailed",
    ),
    Command(
        "upload",
        "upload a local file (a .ipynb path: a checked notebook)",
        (
            *CONTENTS,
            PATH,
            Option("--file", required=True, type=existing_file, help="the local file to upload"),
            IF_MATCH,
        ),
        _upload,
        description="Upload a local file to --path in one request, replacing what is there. "
        "A --path ending in .ipynb is saved as a notebook, which must be valid (checked "
        "before anything is sent); other files go as text or as their bytes.",
        requires="upload_file",
    ),
    Command(
        "download",
        "download a file or notebook to a local file",
        (
            *CONTENTS,
            PATH,
            Option(
                "--file",
                required=True,
                type=output_file,
                help="where to write it (a directory: under its remote name)",
            ),
        ),
        _download,
        description="Download a file or notebook, byte for byte; a notebook is written as "
        "its JSON, as Jupyter writes .ipynb files. The file is written whole or not at all.",
        requires="download_file",
    ),
    Command(
        "rename",
        "rename or move a file or directory",
        (
            *CONTENTS,
            PATH,
            Option(
                "--new-path",
                required=True,
                type=content_path("--new-path"),
                help="its new path in the workspace",
            ),
            IF_MATCH,
            REQUEST_ID,
        ),
        _rename,
        requires="modify_content_detailed",
    ),
    Command(
        "delete",
        "delete a file, notebook or (empty) directory",
        (*CONTENTS, PATH, IF_MATCH, REQUEST_ID),
        _delete,
        description="Delete a file, notebook or directory. Prints nothing on stdout; a "
        "one-line confirmation on stderr.",
        requires="delete_content",
    ),
    Command(
        "export",
        "export a notebook as HTML or ipynb",
        (
            *CONTENTS,
            PATH,
            Option(
                "--format",
                choices=("html", "ipynb"),
                default="html",
                help="html (a self-contained page, the default) or ipynb",
            ),
            Option(
                "--file",
                type=output_file,
                help="write the export to this file; without it, print the API's JSON",
            ),
            REQUEST_ID,
        ),
        _export,
        description="Export a notebook. With --file the page (or .ipynb) is written there "
        "and a summary printed; without it the API's JSON is printed (--query "
        "data.content --raw-output prints the page itself).",
        requires="export_notebook",
    ),
    Command(
        "upload-dir",
        "upload a local directory tree",
        (
            *CONTENTS,
            PATH,
            Option(
                "--dir",
                required=True,
                type=existing_directory,
                help="the local directory to upload",
            ),
            IF_EXISTS_OPTION,
        ),
        _upload_dir,
        description="Mirror a local directory tree under --path in the workspace, file by "
        "file, with a progress bar on a terminal. Prints a summary; exits 7 if some files "
        "failed (they are listed).",
        requires="upload_dir",
        exit_status=_transfer_status,
    ),
    Command(
        "download-dir",
        "download a directory tree of the workspace",
        (
            *CONTENTS,
            PATH,
            Option(
                "--dir",
                required=True,
                type=output_directory,
                help="the local directory to write into (made if missing)",
            ),
            IF_EXISTS_OPTION,
        ),
        _download_dir,
        description="Mirror the directory tree at --path into a local directory, file by "
        "file, with a progress bar on a terminal. Prints a summary; exits 7 if some files "
        "failed (they are listed).",
        requires="download_dir",
        exit_status=_transfer_status,
    ),
)
