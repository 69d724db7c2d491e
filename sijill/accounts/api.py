# No "from __future__ import annotations" in API modules: django-ninja reads the annotations at runtime.

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from sijill.accounts import services
from sijill.accounts.auth import actor_for
from sijill.accounts.models import ApiToken, User
from sijill.core.schemas import DigitInt, Pagination

router = Router(tags=["accounts"])


class UserSchema(Schema):
    id: uuid.UUID
    username: str
    full_name_ar: str
    role: str
    unit_id: uuid.UUID | None
    origin_site: str
    is_active: bool


class MeSchema(UserSchema):
    allowed_actions: dict[str, str]
    two_factor_required: bool


class TokenSchema(Schema):
    id: str
    name: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class TokenCreateSchema(Schema):
    name: str = Field(min_length=1, max_length=100)
    days: DigitInt = Field(90, ge=1, le=365)


class TokenIssuedSchema(TokenSchema):
    token: str


@router.get("/me", response=MeSchema)
def me(request: HttpRequest) -> object:
    from sijill.core import matrix

    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return {
        **UserSchema.from_orm(user).dict(),
        "allowed_actions": {a: str(s) for a, s in matrix.actions_of(user.role).items()},
        "two_factor_required": user.requires_two_factor,
    }


@router.get("/users", response=list[UserSchema])
@paginate(Pagination)
def list_users(request: HttpRequest, role: str | None = None) -> object:
    return services.browse_users(actor_for(request, "api"), role=role or "")


@router.get("/users/{user_id}", response=UserSchema)
def get_user(request: HttpRequest, user_id: uuid.UUID) -> object:
    return services.read_user(actor_for(request, "api"), user_id)


@router.get("/tokens", response=list[TokenSchema])
def list_tokens(request: HttpRequest) -> object:
    return ApiToken.objects.filter(user=request.auth)  # type: ignore[attr-defined]


@router.post("/tokens", response={201: TokenIssuedSchema})
def issue_token(request: HttpRequest, payload: TokenCreateSchema) -> object:
    user = request.auth  # type: ignore[attr-defined]
    token, full = services.do_issue_token(actor_for(request, "api"), user, name=payload.name, days=payload.days)
    return Status(201, {**TokenSchema.from_orm(token).dict(), "token": full})


@router.delete("/tokens/{token_id}", response=TokenSchema)
def revoke_token(request: HttpRequest, token_id: str) -> object:
    return services.do_revoke_token(actor_for(request, "api"), token_id)
