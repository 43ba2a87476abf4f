"""A small, self-contained notebook-to-HTML renderer for the local service's export.

nbconvert is not a dependency, and the export only has to be a faithful, readable page:
one HTML document with its style inline, markdown as headings and paragraphs, code with
its prompt, outputs in their richest safe form, images embedded as base64 data URIs.
Everything taken from the notebook is escaped; an HTML output is shown in a sandboxed
iframe, so nothing in a notebook can run script in the exported page. A notebook that
is not quite well formed still renders: what cannot be read is left out.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Mapping
from typing import Any

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; }
.cell { margin: 1rem 0; }
.prompt { color: #555; font-family: monospace; font-size: 0.85rem; }
pre { background: #f6f8fa; padding: 0.5rem; overflow-x: auto; white-space: pre-wrap; }
.output pre { background: #fff; border-left: 3px solid #ddd; }
.error pre { background: #fdd; }
.markdown p { white-space: pre-wrap; }
iframe { border: 1px solid #ddd; width: 100%; }
img { max-width: 100%; }
""".strip()
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_HEADING = re.compile(r"(#{1,6})\s+(.*)")
_IMAGES = ("image/png", "image/jpeg", "image/gif")


def _text(value: Any) -> str:
    """nbformat multiline strings are a string or a list of strings."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(part for part in value if isinstance(part, str))
    return ""


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _markdown(source: str) -> str:
    blocks = []
    for block in re.split(r"\n\s*\n", source.strip()):
        heading = _HEADING.fullmatch(block.strip())
        if heading and "\n" not in block.strip():
            level = len(heading.group(1))
            blocks.append(f"<h{level}>{_escape(heading.group(2))}</h{level}>")
        elif block.strip():
            blocks.append(f"<p>{_escape(block)}</p>")
    return "\n".join(blocks)


def _image(mime: str, data: str) -> str | None:
    compact = "".join(data.split())
    if not compact or not _BASE64.fullmatch(compact):
        return None
    return f'<img src="data:{mime};base64,{compact}" alt="{_escape(mime)} output">'


def _rich(data: Mapping[str, Any]) -> str:
    for mime in _IMAGES:
        if mime in data:
            image = _image(mime, _text(data[mime]))
            if image is not None:
                return image
    if "image/svg+xml" in data:
        svg = base64.b64encode(_text(data["image/svg+xml"]).encode("utf-8")).decode("ascii")
        return f'<img src="data:image/svg+xml;base64,{svg}" alt="image/svg+xml output">'
    if "text/html" in data:
        return f'<iframe sandbox="" srcdoc="{_escape(_text(data["text/html"]))}"></iframe>'
    if "text/markdown" in data:
        return f'<div class="markdown">{_markdown(_text(data["text/markdown"]))}</div>'
    if "text/plain" in data:
        return f"<pre>{_escape(_text(data['text/plain']))}</pre>"
    if "application/json" in data:
        return f"<pre>{_escape(json.dumps(data['application/json'], indent=1))}</pre>"
    kinds = ", ".join(sorted(str(mime) for mime in data))
    return f"<pre>[{_escape(kinds or 'empty')} output]</pre>"


def _output(output: Any) -> str:
    if not isinstance(output, Mapping):
        return ""
    kind = output.get("output_type")
    if kind == "stream":
        name = _escape(str(output.get("name", "stdout")))
        return f'<div class="output {name}"><pre>{_escape(_text(output.get("text")))}</pre></div>'
    if kind in ("execute_result", "display_data"):
        data = output.get("data")
        return f'<div class="output">{_rich(data if isinstance(data, Mapping) else {})}</div>'
    if kind == "error":
        lines = output.get("traceback")
        trace = ""
        if isinstance(lines, list):
            trace = "\n".join(_ANSI.sub("", line) for line in lines if isinstance(line, str))
        head = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
        return f'<div class="output error"><pre>{_escape(trace or head)}</pre></div>'
    return ""


def _cell(cell: Any) -> str:
    if not isinstance(cell, Mapping):
        return ""
    kind = cell.get("cell_type")
    source = _text(cell.get("source"))
    if kind == "markdown":
        return f'<section class="cell markdown">{_markdown(source)}</section>'
    if kind == "code":
        count = cell.get("execution_count")
        prompt = f"In [{count if isinstance(count, int) else ' '}]:"
        outputs = cell.get("outputs")
        rendered = "".join(_output(o) for o in outputs) if isinstance(outputs, list) else ""
        return (
            f'<section class="cell code"><div class="prompt">{_escape(prompt)}</div>'
            f"<pre><code>{_escape(source)}</code></pre>{rendered}</section>"
        )
    return f'<section class="cell raw"><pre>{_escape(source)}</pre></section>'


def render_html(notebook: Any, title: str) -> str:
    """One self-contained HTML page for `notebook` (an nbformat JSON object)."""
    cells = notebook.get("cells") if isinstance(notebook, Mapping) else None
    body = "\n".join(_cell(cell) for cell in cells) if isinstance(cells, list) else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_escape(title)}</title>\n<style>\n{_STYLE}\n</style>\n</head>\n"
        f'<body>\n<main class="notebook">\n{body}\n</main>\n</body>\n</html>\n'
    )
