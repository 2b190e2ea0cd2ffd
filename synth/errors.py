"""The one exception tree of synth.

Every failure a user can cause or meet is one of these; the CLI maps them to
``Error: ...`` messages and exit codes (usage problems 2, everything else 1; any
other exception is a crash, reported on one line with exit code 70)::

    SynthError                  anything synth reports to a user
    ├── QuestionError           a questions/<id>.yaml file is invalid
    │                             (.problems: every Problem found, with path, line, field)
    ├── QuestionExistsError     synth new would overwrite an existing questions/<id>.yaml
    ├── RecordError             a record (sources.bib, claims.yaml) cannot be read or written
    ├── SourceFileError         a BibTeX / JSON file of sources (import-bib, pinned) is unusable
    ├── RetrievalError          one request to a database failed for good (.url, .status)
    │   ├── RateLimitError        429s outlasted the retry budget, or a daily quota is spent
    │   ├── ConfigurationError    a required API key or setting is missing
    │   └── ConnectionFailed      the database's host could not be reached at all
    ├── AllDatabasesFailed      every database failed; the previous record was kept
    │   └── NoNetwork             no database could even be connected to
    ├── GitError                git history needed for diff/history could not be read
    └── UsageError              arguments that cannot work together (exit 2)

Each message says what happened and then how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass


class SynthError(Exception):
    """Base class: a failure to report to the user as ``Error: <message>``."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where it is, which field, what is wrong and the fix."""

    path: str
    line: int
    field: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        """Render as ``path:line: field: message -- fix``."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        fix = f" -- {self.fix}" if self.fix else ""
        return f"{where}:{field} {self.message}{fix}"


class QuestionError(SynthError):
    """One or more question files are invalid; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class QuestionExistsError(SynthError):
    """``synth new`` refused to overwrite an existing question file."""


class RecordError(SynthError):
    """A record file could not be read or written."""


class SourceFileError(SynthError):
    """A file given to ``synth import-bib`` cannot be used."""


class RetrievalError(SynthError):
    """A request to a scholarly database failed after retries."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None, attempt: int = 0):
        self.url = url
        self.status = status
        self.attempt = attempt
        super().__init__(message)


class RateLimitError(RetrievalError):
    """The database kept answering 429, or a daily quota is exhausted."""


class ConfigurationError(RetrievalError):
    """A required API key or setting is missing or invalid."""


class ConnectionFailed(RetrievalError):
    """The database's host could not be connected to (no network, DNS or refused)."""


class AllDatabasesFailed(SynthError):
    """Every database failed for a question; the previous record was left untouched."""


class NoNetwork(AllDatabasesFailed):
    """No database could be connected to at all: the machine is probably offline."""


class GitError(SynthError):
    """Git history could not be read."""


class UsageError(SynthError):
    """Arguments that cannot work together; exit code 2."""

    exit_code = 2
