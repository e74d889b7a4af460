"""Who is acting: a signed-in person, or the system (loaders and the command line).

Every domain function takes the actor first after the connection, so permission checks and the
change log always know who asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Person:
    id: int | None
    name: str
    email: str
    school_id: int | None = None
    roles: tuple[str, ...] = field(default_factory=tuple)

    def has(self, role: str) -> bool:
        return role in self.roles


# The actor for loaders and the command line: allowed everything, logged with no person id.
SYSTEM = Person(id=None, name="System", email="", roles=("system",))
