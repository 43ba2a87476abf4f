"""Version of the SDK and of the REST API it speaks."""

__version__ = "0.1.0"

# The path prefix of every operation and `info.version` of openapi/notebook-sessions.yaml;
# a test keeps the three in agreement.
API_VERSION = "20260430"
