"""Request logging switched on from the environment: AIDP_NOTEBOOK_LOG=debug (or info).

`debug` logs every attempt (method, URL, status, opc-request-id, timing) and every
retry; `info` logs retries and give-ups only. Signatures and other headers are never
logged. Read once, when `aidp_notebook` is imported, as openai-python reads OPENAI_LOG.
"""

from __future__ import annotations

import logging
import os
import sys

ENV_LOG = "AIDP_NOTEBOOK_LOG"
LOGGER_NAME = "aidp_notebook"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_HANDLER_NAME = "aidp_notebook.environment"


def setup_from_environment() -> None:
    """Attach a stderr handler at the level AIDP_NOTEBOOK_LOG names; ignore anything else."""
    value = os.environ.get(ENV_LOG, "").strip().lower()
    level = _LEVELS.get(value)
    if level is None:
        if value:
            # A typo should not pass unnoticed, nor stop an import.
            print(
                f"aidp_notebook: ignoring {ENV_LOG}={value!r}; use one of {', '.join(_LEVELS)}",
                file=sys.stderr,
            )
        return
    logger = logging.getLogger(LOGGER_NAME)
    if any(handler.get_name() == _HANDLER_NAME for handler in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
