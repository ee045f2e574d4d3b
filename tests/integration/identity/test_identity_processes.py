"""Identity across real processes: two core servers sharing Redis, api verifying core's
tokens over HTTP, and `atrium keys rotate` while the servers run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt as pyjwt
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from atrium.api.deps import CurrentUser, get_key_set
from atrium.config import get_settings
from atrium.core.accounts import throttling
from tests.support.auth import PASSWORD
from tests.support.processes import Proc, atrium, http_ok, run_atrium, wait_until
from tests.support.services import free_port


class Cores(list[str]):
    """The base URLs of the running core processes, and the environment they share."""

    env: dict[str, str]
    logs: list[Path]

    def mailed_token(self, to: str, after: str) -> str:
        """The token in the last email to ``to`` (dev and test print emails to the log)."""
        text = "".join(log.read_text(errors="replace") for log in self.logs)
        mail = text[text.rindex(f"To: {to}") :]
        return mail.split(after, 1)[1].split()[0]


@pytest.fixture(scope="module")
def cores(
    redis_url: str, postgres_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cores]:
    """Two core processes on one PostgreSQL database and one Redis."""
    var_dir = tmp_path_factory.mktemp("identity-var")
    env = {
        "ATRIUM_ENV": "test",
        "ATRIUM_VAR_DIR": str(var_dir),
        "REDIS_URL": redis_url,
        "DATABASE_URL": postgres_url,
    }
    run_atrium("migrate", env=env)
    procs: list[Proc] = []
    urls = Cores()
    urls.env = env
    try:
        for n in range(2):
            port = free_port()
            proc = atrium(
                f"core{n}",
                "serve",
                "core",
                "--port",
                str(port),
                "--workers",
                "1",
                env={**env, "CORE_PORT": str(port)},
                logs=var_dir / "logs",
            )
            procs.append(proc.start())
            urls.append(f"http://127.0.0.1:{port}")
        urls.logs = [proc.log for proc in procs]
        for url in urls:
            wait_until(http_ok(f"{url}/api/v1/docs"), 60, url, procs)
        yield urls
    finally:
        for proc in procs:
            proc.stop()


def _register(core: str, email: str) -> None:
    created = httpx.post(
        f"{core}/api/v1/auth/register", json={"email": email, "password": PASSWORD}, timeout=10
    )
    assert created.status_code == 201, created.text


def _login(core: str, email: str) -> dict[str, Any]:
    response = httpx.post(
        f"{core}/api/v1/auth/token", json={"email": email, "password": PASSWORD}, timeout=10
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_wrong_passwords_lock_the_account_across_processes(cores: list[str]) -> None:
    _register(cores[0], "target@example.com")
    answers = [
        httpx.post(
            f"{cores[n % 2]}/api/v1/auth/token",
            json={"email": "target@example.com", "password": f"wrong {n}"},
            timeout=10,
        )
        for n in range(20)
    ]
    statuses = [a.status_code for a in answers]
    assert statuses.count(429) >= 10, statuses
    assert set(statuses) == {401, 429}
    locked = [a for a in answers if a.status_code == 429]
    assert all(int(a.headers["Retry-After"]) >= 1 for a in locked)
    assert {cores.index(str(a.request.url).split("/api")[0]) for a in locked} == {0, 1}
    for core in cores:
        right = httpx.post(
            f"{core}/api/v1/auth/token",
            json={"email": "target@example.com", "password": PASSWORD},
            timeout=10,
        )
        assert right.status_code == 429


def _admin_login(core: str, email: str, password: str) -> httpx.Response:
    """The admin's login form, posted as a browser does (CSRF cookie and token)."""
    with httpx.Client(base_url=core, timeout=10) as browser:
        form = browser.get("/admin/login/")
        csrf = form.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
        return browser.post(
            "/admin/login/?next=/admin/",
            data={"csrfmiddlewaretoken": csrf, "username": email, "password": password},
        )


def test_an_admin_brute_force_is_refused_across_processes(cores: Cores) -> None:
    run_atrium(
        "manage",
        "createsuperuser",
        "--noinput",
        "--email",
        "root@example.com",
        env={**cores.env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
    )
    free = throttling.LOGIN_ACCOUNT.free_failures
    statuses = [
        _admin_login(cores[n % 2], "root@example.com", f"wrong {n}").status_code
        for n in range(free + 5)
    ]
    assert statuses[: free + 1] == [200] * (free + 1), statuses
    assert set(statuses[free + 1 :]) == {429}, statuses
    for core in cores:
        assert _admin_login(core, "root@example.com", PASSWORD).status_code == 429


@pytest.fixture
def api_client(cores: list[str], monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A FastAPI app guarded by api's dependencies, pointed at the first core."""
    monkeypatch.setattr(get_settings(), "core_url", cores[0])
    get_key_set.cache_clear()
    app = FastAPI()

    @app.get("/whoami")
    async def whoami(user: CurrentUser) -> dict[str, Any]:
        return {"user": user.user_id, "org": user.org_id}

    yield TestClient(app)
    get_key_set.cache_clear()


def test_api_accepts_core_tokens_and_any_jose_library_verifies_them(
    cores: list[str], api_client: TestClient
) -> None:
    _register(cores[1], "ann@example.com")
    token = _login(cores[1], "ann@example.com")["access_token"]
    me = httpx.get(f"{cores[1]}/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    answer = api_client.get("/whoami", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    assert answer.json() == {"user": me.json()["id"], "org": None}

    jwks = pyjwt.PyJWKClient(f"{cores[0]}/.well-known/jwks.json")
    settings = get_settings()
    claims = pyjwt.decode(
        token,
        jwks.get_signing_key_from_jwt(token).key,
        algorithms=["RS256"],
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
    )
    assert claims["sub"] == str(me.json()["id"])
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert (
        api_client.get("/whoami", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    )


def test_keys_rotate_while_running(cores: Cores, api_client: TestClient) -> None:
    _register(cores[0], "rot@example.com")
    old = _login(cores[0], "rot@example.com")["access_token"]
    assert api_client.get("/whoami", headers={"Authorization": f"Bearer {old}"}).status_code == 200
    old_kid = pyjwt.get_unverified_header(old)["kid"]

    run_atrium("keys", "rotate", env=cores.env)

    new = _login(cores[1], "rot@example.com")["access_token"]
    new_kid = pyjwt.get_unverified_header(new)["kid"]
    assert new_kid != old_kid
    published = {k["kid"] for k in httpx.get(f"{cores[0]}/.well-known/jwks.json").json()["keys"]}
    assert {old_kid, new_kid} <= published
    for token in (old, new):
        auth = {"Authorization": f"Bearer {token}"}
        assert api_client.get("/whoami", headers=auth).status_code == 200
        for core in cores:
            assert httpx.get(f"{core}/api/v1/users/me", headers=auth).status_code == 200


def test_the_newcomer_walk_through(cores: Cores) -> None:
    """The README's curl walk-through, over HTTP against both processes."""
    core_a, core_b = cores

    def call(core: str, method: str, path: str, bearer: str | None = None, **body: Any) -> Any:
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        response = httpx.request(
            method, f"{core}/api/v1{path}", json=body or None, headers=headers, timeout=10
        )
        assert response.status_code < 300, (path, response.status_code, response.text)
        return response.json() if response.content else None

    for email in ("walk-ann@example.com", "walk-bob@example.com"):
        call(core_a, "POST", "/auth/register", email=email, password=PASSWORD)
        verified = call(
            core_b, "POST", "/auth/verify-email", token=cores.mailed_token(email, "verify-email:")
        )
        assert verified["email_verified"]
    ann = _login(core_a, "walk-ann@example.com")
    org = call(core_b, "POST", "/organizations/", ann["access_token"], name="Acme")
    ann = call(
        core_a,
        "POST",
        "/auth/refresh",
        refresh_token=ann["refresh_token"],
        organization_id=org["id"],
    )
    assert (ann["organization_id"], ann["role"]) == (org["id"], "owner")
    call(
        core_b,
        "POST",
        f"/organizations/{org['id']}/invitations",
        ann["access_token"],
        email="walk-bob@example.com",
        role="member",
    )
    invitation = cores.mailed_token("walk-bob@example.com", "accept:")
    bob = _login(core_a, "walk-bob@example.com")
    call(core_b, "POST", "/organizations/invitations/accept", bob["access_token"], token=invitation)
    for person in (ann, bob):
        names = [o["name"] for o in call(core_a, "GET", "/organizations/", person["access_token"])]
        assert names == ["Acme"]
