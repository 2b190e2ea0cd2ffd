"""The command line: a thin click layer over the library.

Only ``synth.cli`` prints or exits. Library code raises ``SynthError`` subclasses;
``SynthGroup`` turns them into ``Error: ...`` lines and exit codes (2 for usage
problems, 1 for everything else). Any other exception is a bug or an environment
failure: it too is one ``Error:`` line, saying what failed and where, with exit code
70 (a crash); the traceback is printed only with ``synth --debug``. SIGTERM ends a command as Ctrl-C
does (writes are atomic, worker processes are stopped), with exit code 143.
"""

from __future__ import annotations

import signal
import sys
import threading
import traceback
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

import click

from synth import __version__
from synth.cli.check_claim import check_claim
from synth.cli.common import report_problems
from synth.cli.git import diff, history
from synth.cli.questions import check, new
from synth.cli.record import build, import_bib, retrieve, run, verify
from synth.cli.show import show
from synth.errors import QuestionError, SynthError
from synth.text import shorten


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: stop as an interrupt does (every ``finally`` runs)."""


def _on_sigterm(signum: int, frame: FrameType | None) -> NoReturn:
    raise Terminated()


class SynthGroup(click.Group):
    """A click group that reports ``SynthError`` as ``Error: message`` with its exit code,
    and any other exception as one ``Error:`` line (the traceback with ``--debug``)."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, mapping library errors to messages and exit codes."""
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _on_sigterm) if main_thread else None
        try:
            return super().invoke(ctx)
        except QuestionError as error:
            report_problems(error.problems)
            sys.exit(error.exit_code)
        except SynthError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt as interrupt:
            click.echo("Interrupted: no record was half-written.", err=True)
            sys.exit(143 if isinstance(interrupt, Terminated) else 130)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # usage errors and --help: click prints them
        except Exception as error:
            if ctx.meta.get(DEBUG):
                traceback.print_exception(error, file=sys.stderr)
            click.echo(unexpected(error, ctx.invoked_subcommand or ""), err=True)
            sys.exit(UNEXPECTED_EXIT)
        finally:
            if main_thread:
                signal.signal(signal.SIGTERM, previous)


DEBUG = "synth.debug"
# An unexpected error is a crash, not a failure synth reports (1): scripts such as the
# refresh workflow tell the two apart. 70 is EX_SOFTWARE in BSD's sysexits.h.
UNEXPECTED_EXIT = 70


def unexpected(error: BaseException, command: str) -> str:
    """One line for an exception synth did not expect: what it was, the innermost place
    in synth's own code it came from, and how to see more."""
    detail = shorten(str(error), 200)
    what = f"{type(error).__name__}: {detail}" if detail else type(error).__name__
    place = _where(error)
    at = f" at {place}" if place else ""
    fix = "rerun with synth --debug for the details, and report it if it is a bug in synth"
    if isinstance(error, OSError):
        fix = "check the file named and its permissions; synth --debug shows the details"
    return f"Error: synth {command} failed{at}: {what} -- {fix}"


def _where(error: BaseException) -> str:
    """``synth/<module>.py:<line> in <function>`` of the innermost frame in synth's code."""
    package = Path(__file__).resolve().parent.parent
    place = ""
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename)
        if path.is_relative_to(package):
            where = path.relative_to(package.parent).as_posix()
            place = f"{where}:{frame.lineno} in {frame.name}"
    return place


@click.group(cls=SynthGroup)
@click.version_option(__version__, prog_name="synth")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The repository to work in (holds questions/ and docs/).",
)
@click.option(
    "--debug",
    is_flag=True,
    help="On an unexpected error, print its traceback as well as the one-line message.",
)
@click.pass_context
def main(ctx: click.Context, root: Path, debug: bool) -> None:
    """synth: living literature reports kept in git.

    \b
    Example:
        synth new "Does RLHF make code models more robust?"
        synth check
        synth run
    """
    ctx.obj = root
    ctx.meta[DEBUG] = debug


# The commands, in the order of the flow; each module holds a few of them.
COMMANDS = (new, check, import_bib, retrieve, verify, check_claim, run, show, build, diff, history)
for command in COMMANDS:
    main.add_command(command)
