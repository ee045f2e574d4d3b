"""Verifying an access token: the full RS256 and claims check against the remembered one.

Every request core or api serves with a token verifies it. The first time, joserfc checks
the signature and the claims; after that the process remembers the verified token
(``atrium.common.tokens.VerifiedTokens``) until it expires or its key leaves the set. The
baseline is that full verification, measured in the same run; the target is at most 20 us
for a token seen before. The same run checks that a tampered token is still refused.
"""

from __future__ import annotations

import timeit
from collections.abc import Callable

from joserfc.jwk import KeySet
from rich.console import Console
from rich.table import Table
from tests.support.auth import TokenIssuer

from atrium.common import tokens
from atrium.common.tokens import TokenError, verify_access_token

ROUNDS = 2_000


def _best_us(run: Callable[[], object], number: int) -> float:
    """The best of five timings of ``number`` calls, per call, in microseconds."""
    return min(timeit.repeat(run, number=number, repeat=5)) / number * 1e6


def main() -> None:
    issuer = TokenIssuer()
    keys = KeySet(issuer.keys)
    token = issuer.token_for(1, 1, "member")

    def verify() -> None:
        verify_access_token(token, keys, issuer=issuer.issuer, audience=issuer.audience)

    def verify_anew() -> None:
        tokens.verified_tokens.clear()
        verify()

    full = _best_us(verify_anew, ROUNDS // 10)
    verify()
    again = _best_us(verify, ROUNDS)
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    try:
        verify_access_token(tampered, keys, issuer=issuer.issuer, audience=issuer.audience)
    except TokenError:
        refused = "refused"
    else:
        refused = "ACCEPTED"
    table = Table("verification", "us per token", "x full verification")
    table.add_row("full (signature and claims)", f"{full:.1f}", "1.00")
    table.add_row("the same token again (remembered)", f"{again:.1f}", f"{again / full:.3f}")
    Console().print(table)
    Console().print(f"a tampered copy of the remembered token: {refused}")
