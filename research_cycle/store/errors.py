"""Errors the domain raises; pages show their message as it is, so it must say what to do."""


class WorkbenchError(Exception):
    """Base class: ``str(error)`` is a complete sentence for the user."""


class ValidationError(WorkbenchError):
    """Input refused. ``field`` names the form field; the message says what is wrong and the fix."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class PermissionDenied(WorkbenchError):
    """The signed-in person may not do this."""


class StoreFault(WorkbenchError):
    """The store could not be written (a full disk, a read-only file): nothing was stored, and the
    app keeps running."""


class NotFound(WorkbenchError):
    """The thing asked for does not exist (or was removed)."""
