"""The application-error hierarchy.

Services raise these with a stable code and a Dutch message for the user; the edges map them:
the API to application/problem+json, pages and admin to form errors, the CLI to exit status 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Problem:
    code: str
    message: str
    field: str | None = None


class DomainError(Exception):
    """A rule of the domain refused the request. Nothing has been saved."""

    status = 400
    default_code = "ongeldig"

    def __init__(
        self, message: str, *, code: str | None = None, field: str | None = None, problems: list[Problem] | None = None
    ):
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.problems = problems or [Problem(self.code, message, field)]

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> DomainError:
        message = " ".join(p.message for p in problems)
        return cls(message, code=problems[0].code, field=problems[0].field, problems=problems)

    def __str__(self) -> str:
        return self.message


class ValidationFailed(DomainError):
    default_code = "ongeldige_invoer"


class NotAllowed(DomainError):
    status = 403
    default_code = "geen_toegang"


class NotFound(DomainError):
    status = 404
    default_code = "niet_gevonden"


class Conflict(DomainError):
    status = 409
    default_code = "conflict"


@dataclass
class ProblemCollector:
    """Collects every problem of one request so the user sees all reasons at once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, code: str, message: str, field: str | None = None) -> None:
        self.problems.append(Problem(code, message, field))

    def raise_if_any(self, error_class: type[DomainError] = ValidationFailed) -> None:
        if self.problems:
            raise error_class.from_problems(self.problems)
