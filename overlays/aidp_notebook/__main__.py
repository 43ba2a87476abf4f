"""`python -m aidp_notebook` runs the `aidp-notebook` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
