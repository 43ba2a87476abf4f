"""`aidp-notebook`: the command-line tool of the SDK, with the OCI CLI's habits.

    aidp-notebook [global options] session get --ai-data-platform-id OCID \\
        --workspace-key KEY --session-id ID [--opc-request-id ID]
    aidp-notebook [global options] session list|create|rename|delete|wait ...
    aidp-notebook [global options] contents ls|get|create|upload|download|rename|delete \\
        |export|upload-dir|download-dir --path PATH ...
    aidp-notebook local-service [--port N] [--write-config DIR] [--contents-root DIR]

Global options (also accepted after the subcommand): --config-file (or
OCI_CLI_CONFIG_FILE; default ~/.oci/config), --profile (OCI_CLI_PROFILE; DEFAULT),
--auth api_key|security_token|instance_principal|resource_principal (OCI_CLI_AUTH),
--region (OCI_CLI_REGION), --endpoint URL, --output json|table, --no-retry, --debug.

Exit codes:

    0    success
    1    unexpected error (a bug; run again with --debug and report it)
    2    usage error (argparse): unknown command or option, bad option value
    3    configuration or input error: InvalidConfigError (config file, profile, key,
         region, endpoint), or an id or value the SDK refuses (ValueError, TypeError)
    4    service error: ServiceError (non-2xx) or InvalidResponseError (unusable 2xx)
    5    transport error: TransportError (no response: refused, reset, timeout, TLS)
    6    `session wait` did not see the state: SessionFailedError (the session reached
         FAILED) or WaitTimeoutError (--timeout passed)
    7    `contents upload-dir` / `download-dir`: some files failed (listed in the output)
    8    a local file or directory could not be read or written (LocalFileError)
    130  interrupted (Ctrl-C)

A failure prints one paragraph on stderr (what failed, status, code, message,
opc-request-id and a hint) and no traceback unless --debug. Keys, pass phrases,
tokens and signatures are never printed.
"""

from ._main import main

__all__ = ["main"]
