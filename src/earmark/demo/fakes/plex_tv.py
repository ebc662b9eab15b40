"""Contract-faithful fake of the plex.tv endpoints Earmark's sign-in uses.

Sources: ../shared/reference/contracts.md and system-product.md §1.2-§1.4 (seed behaviour), the
public plex.tv API as used by python-plexapi (MyPlexPinLogin: POST/GET /api/v2/pins with
X-Plex-Client-Identifier; MyPlexAccount: /users/account, /api/v2/resources, /api/home/users and
/api/home/users/{id}/switch answering XML with an `authenticationToken` attribute).
Like plex.tv: a PIN is only visible to the client identifier that created it, calls without
X-Plex-Client-Identifier get 400, calls without a valid X-Plex-Token get 401, and a wrong or
missing profile PIN on switch gets 401.
"""

from __future__ import annotations

import itertools
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal
from xml.sax.saxutils import quoteattr

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

HomeFormat = Literal["xml", "json_container", "json_home", "json_users"]


@dataclass
class FakeAccount:
    id: int
    uuid: str
    username: str
    title: str
    email: str | None
    thumb: str
    token: str
    servers: list[str] = field(default_factory=list)
    home_members: list[FakeAccount] = field(default_factory=list)
    profile_pin: str | None = None
    is_home_admin: bool = True


@dataclass
class FakePin:
    id: int
    code: str
    client_identifier: str
    auth_token: str | None = None


@dataclass
class SeenRequest:
    method: str
    path: str
    headers: dict[str, str]


class FakePlexTv:
    """State of the fake plus the ASGI app; tests drive it through the Python methods."""

    def __init__(self) -> None:
        self.pins: dict[int, FakePin] = {}
        self.accounts: list[FakeAccount] = []
        self.requests: list[SeenRequest] = []
        self.home_format: HomeFormat = "xml"
        self._ids = itertools.count(9_000_001)
        self._pin_ids = itertools.count(100_001)
        self.app = self._build_app()

    # --- test controls -------------------------------------------------------------------

    def add_account(
        self, username: str, *, servers: list[str] | None = None, email: str | None = None
    ) -> FakeAccount:
        account = FakeAccount(
            id=next(self._ids),
            uuid=uuid.uuid4().hex[:16],
            username=username,
            title=username,
            email=email or f"{username}@example.test",
            thumb=f"https://plex.tv/users/{username}/avatar",
            token=secrets.token_urlsafe(15),
            servers=list(servers or []),
        )
        self.accounts.append(account)
        return account

    def add_home_profile(
        self, owner: FakeAccount, title: str, *, pin: str | None = None
    ) -> FakeAccount:
        """A managed Home user: no username of its own, reachable only by switching."""
        profile = self.add_account(title, servers=owner.servers)
        profile.username, profile.email = "", None
        profile.profile_pin, profile.is_home_admin = pin, False
        if not owner.home_members:
            owner.home_members.append(owner)
        owner.home_members.append(profile)
        return profile

    def authorize_pin(self, pin_id: int, account: FakeAccount) -> None:
        """What happens when the person approves the PIN on app.plex.tv."""
        self.pins[pin_id].auth_token = account.token

    def account_by_token(self, token: str | None) -> FakeAccount | None:
        return next((a for a in self.accounts if token and a.token == token), None)

    # --- the HTTP surface ----------------------------------------------------------------

    def _build_app(self) -> FastAPI:
        app = FastAPI()

        @app.middleware("http")
        async def identify(request: Request, call_next: Any) -> Response:
            self.requests.append(
                SeenRequest(request.method, request.url.path, dict(request.headers))
            )
            if not request.headers.get("x-plex-client-identifier"):
                return _xml_error(400, "X-Plex-Client-Identifier is missing")
            response: Response = await call_next(request)
            return response

        app.post("/api/v2/pins")(self._create_pin)
        app.get("/api/v2/pins/{pin_id}")(self._get_pin)
        app.get("/users/account")(self._users_account)
        app.get("/api/v2/user")(self._v2_user)
        app.get("/api/v2/resources")(self._resources)
        app.get("/api/home/users")(self._home_users)
        app.post("/api/home/users/{user_id}/switch")(self._switch)
        return app

    def _create_pin(self, request: Request) -> Response:
        pin = FakePin(
            next(self._pin_ids),
            secrets.token_hex(12),
            request.headers["x-plex-client-identifier"],
        )
        self.pins[pin.id] = pin
        return JSONResponse(_pin_body(pin), status_code=201)

    def _get_pin(self, pin_id: int, request: Request) -> Response:
        pin = self.pins.get(pin_id)
        if pin is None or pin.client_identifier != request.headers["x-plex-client-identifier"]:
            return JSONResponse({"errors": [{"code": 1020, "message": "Resource not found"}]}, 404)
        return JSONResponse(_pin_body(pin))

    def _signed_in(self, request: Request) -> FakeAccount | None:
        return self.account_by_token(request.headers.get("x-plex-token"))

    def _users_account(self, request: Request) -> Response:
        account = self._signed_in(request)
        if account is None:
            return _xml_error(401, "Invalid authentication token.")
        if "json" in request.headers.get("accept", ""):
            return JSONResponse({"user": _account_body(account)})
        return _xml(f"<user {_attrs(_account_body(account))}/>")

    def _v2_user(self, request: Request) -> Response:
        account = self._signed_in(request)
        if account is None:
            return JSONResponse(
                {"errors": [{"code": 1001, "message": "User could not be authenticated"}]}, 401
            )
        return JSONResponse(_account_body(account))

    def _resources(self, request: Request) -> Response:
        account = self._signed_in(request)
        if account is None:
            return JSONResponse(
                {"errors": [{"code": 1001, "message": "User could not be authenticated"}]}, 401
            )
        devices: list[dict[str, Any]] = [
            {
                "name": f"server-{machine_id[:6]}",
                "product": "Plex Media Server",
                "provides": "server",
                "clientIdentifier": machine_id,
                "owned": False,
                "accessToken": secrets.token_urlsafe(12),
                "connections": [{"protocol": "https", "address": "10.0.0.2", "port": 32400}],
            }
            for machine_id in account.servers
        ]
        devices.append(
            {
                "name": "Phone",
                "product": "Plexamp",
                "provides": "client,player",
                "clientIdentifier": "phone-1",
            }
        )
        return JSONResponse(devices)

    def _home_users(self, request: Request) -> Response:
        account = self._signed_in(request)
        if account is None:
            return _xml_error(401, "Invalid authentication token.")
        members = [_home_entry(member) for member in (account.home_members or [account])]
        if self.home_format == "json_container":
            return JSONResponse({"MediaContainer": {"size": len(members), "User": members}})
        if self.home_format == "json_home":
            return JSONResponse({"home": {"users": [{"user": m} for m in members]}})
        if self.home_format == "json_users":
            return JSONResponse({"users": members})
        rows = "".join(f"<User {_attrs(m)}/>" for m in members)
        return _xml(f'<MediaContainer size="{len(members)}">{rows}</MediaContainer>')

    def _switch(self, user_id: int, request: Request) -> Response:
        account = self._signed_in(request)
        if account is None:
            return _xml_error(401, "Invalid authentication token.")
        target = next((m for m in account.home_members if m.id == user_id), None)
        if target is None:
            return _xml_error(404, "User not found in this home")
        if target.profile_pin and request.query_params.get("pin") != target.profile_pin:
            return _xml_error(401, "Invalid PIN")
        body = {**_account_body(target), "authenticationToken": target.token}
        if self.home_format != "xml":
            return JSONResponse(body, status_code=201)
        return _xml(f"<user {_attrs(body)}/>", status_code=201)


def _pin_body(pin: FakePin) -> dict[str, Any]:
    return {
        "id": pin.id,
        "code": pin.code,
        "product": "Earmark",
        "trusted": False,
        "clientIdentifier": pin.client_identifier,
        "expiresIn": 1800,
        "authToken": pin.auth_token,
        "newRegistration": None,
    }


def _account_body(account: FakeAccount) -> dict[str, Any]:
    return {
        "id": account.id,
        "uuid": account.uuid,
        "username": account.username,
        "title": account.title,
        "email": account.email,
        "thumb": account.thumb,
        "authToken": account.token,
    }


def _home_entry(member: FakeAccount) -> dict[str, Any]:
    return {
        "id": member.id,
        "uuid": member.uuid,
        "title": member.title,
        "username": member.username,
        "email": member.email or "",
        "thumb": member.thumb,
        "hasPassword": member.is_home_admin,
        "restricted": not member.is_home_admin,
        "admin": member.is_home_admin,
        "guest": False,
        "protected": member.profile_pin is not None,
    }


def _attrs(values: dict[str, Any]) -> str:
    def text(value: Any) -> str:
        if isinstance(value, bool):
            return "1" if value else "0"
        return "" if value is None else str(value)

    return " ".join(f"{key}={quoteattr(text(value))}" for key, value in values.items())


def _xml(body: str, status_code: int = 200) -> Response:
    document = '<?xml version="1.0" encoding="UTF-8"?>\n' + body
    return Response(document, status_code=status_code, media_type="application/xml")


def _xml_error(status_code: int, message: str) -> Response:
    return _xml(
        f'<errors><error code="{status_code}" message={quoteattr(message)}/></errors>', status_code
    )
