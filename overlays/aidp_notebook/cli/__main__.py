"""`python -m aidp_notebook.cli`: the same as the `aidp-notebook` command."""

import sys

from ._main import main

if __name__ == "__main__":
    sys.exit(main())
