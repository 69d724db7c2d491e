"""Who is acting: the one object every service function receives.

Built from a web session, an API token or the CLI's ``--as`` user, so that services check
permissions and write the audit log the same way whatever the channel.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sijill.core import matrix
from sijill.core.errors import PermissionDenied
from sijill.core.federation import current_site

if TYPE_CHECKING:
    from sijill.accounts.models import User

SYSTEM_ROLE = "system"


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID | None
    username: str
    role: str
    site: str
    unit_id: uuid.UUID | None = None
    unit_path: str = ""
    directorate_id: uuid.UUID | None = None
    channel: str = "web"

    @classmethod
    def from_user(cls, user: User, channel: str = "web") -> Actor:
        unit = user.unit
        return cls(
            user_id=user.pk,
            username=user.username,
            role=user.role,
            site=user.origin_site,
            unit_id=unit.pk if unit else None,
            unit_path=unit.path if unit else "",
            directorate_id=unit.directorate_id if unit else None,
            channel=channel,
        )

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        """The installation itself (demo loader, maintenance). Never used for a person's request."""
        return cls(user_id=None, username=name, role=SYSTEM_ROLE, site=current_site(), channel="system")

    @classmethod
    def cli(cls) -> Actor:
        """Maintenance from the site's shell (createuser, audit export): named after the OS account."""
        import getpass

        return cls(
            user_id=None, username=f"cli:{getpass.getuser()}", role=SYSTEM_ROLE, site=current_site(), channel="cli"
        )

    @property
    def is_system(self) -> bool:
        return self.role == SYSTEM_ROLE

    def scope(self, action: str) -> matrix.Scope:
        """The scope of ``action`` for this actor; PermissionDenied (403) when the role lacks it."""
        if self.is_system:
            matrix.scope_for(matrix.ROLES[0], action)  # still rejects unknown actions
            return matrix.Scope.NATIONAL
        scope = matrix.scope_for(self.role, action)
        if scope is None:
            raise PermissionDenied()
        return scope

    def can(self, action: str) -> bool:
        try:
            self.scope(action)
        except PermissionDenied:
            return False
        return True

    def describe(self) -> dict[str, Any]:
        return {
            "user_id": str(self.user_id) if self.user_id else None,
            "username": self.username,
            "role": self.role,
            "site": self.site,
            "unit_id": str(self.unit_id) if self.unit_id else None,
            "channel": self.channel,
        }
