from tests.support.auth import api_auth  # noqa: F401  (pytest fixture)
