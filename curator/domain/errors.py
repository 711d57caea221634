"""User-facing errors: each carries a one-line message that names the file, line or field."""


class CuratorError(Exception):
    """An error caused by the user's input or environment, shown as one line, exit code 1."""


class InputError(CuratorError):
    """A file or record the user gave us is invalid; nothing was written."""


class StoreError(CuratorError):
    """The database cannot be opened or written as asked."""


class ConflictError(CuratorError):
    """The change conflicts with what is stored (changed text, a later edit, a stale undo)."""


def format_validation_error(exc: Exception, where: str = "") -> str:
    """One line from a pydantic ValidationError: `where: field.path: message`."""
    from pydantic import ValidationError

    prefix = f"{where}: " if where else ""
    if not isinstance(exc, ValidationError):
        return f"{prefix}{exc}"
    err = exc.errors(include_url=False)[0]
    loc = ".".join(str(p) for p in err["loc"] if not _is_union_tag(p))
    msg = err["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{prefix}{loc + ': ' if loc else ''}{msg}{more}"


def _is_union_tag(part: object) -> bool:
    # pydantic puts the discriminator tag ("claim", "custom") into error locations;
    # the user never typed it, so it only confuses the message. Tags are as span.py's.
    from curator.domain.attrs import BUILTIN_ATTRS

    return isinstance(part, str) and (part in BUILTIN_ATTRS or part == "custom")
