"""The command line: a thin click layer over the library.

Only ``synth.cli`` prints or exits. Library code raises ``SynthError`` subclasses;
``SynthGroup`` turns them into ``Error: ...`` lines and exit codes (2 for usage
problems, 1 for everything else).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from synth import __version__
from synth.cli.check_claim import check_claim
from synth.cli.common import report_problems
from synth.cli.git import diff, history
from synth.cli.questions import check, new
from synth.cli.record import build, import_bib, retrieve, run, verify
from synth.cli.show import show
from synth.errors import QuestionError, SynthError


class SynthGroup(click.Group):
    """A click group that reports ``SynthError`` as ``Error: message`` with its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, mapping library errors to messages and exit codes."""
        try:
            return super().invoke(ctx)
        except QuestionError as error:
            report_problems(error.problems)
            sys.exit(error.exit_code)
        except SynthError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted: no record was half-written.", err=True)
            sys.exit(130)


@click.group(cls=SynthGroup)
@click.version_option(__version__, prog_name="synth")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The repository to work in (holds questions/ and docs/).",
)
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """synth: living literature reports kept in git.

    \b
    Example:
        synth new "Does RLHF make code models more robust?"
        synth check
        synth run
    """
    ctx.obj = root


# The commands, in the order of the flow; each module holds a few of them.
COMMANDS = (new, check, import_bib, retrieve, verify, check_claim, run, show, build, diff, history)
for command in COMMANDS:
    main.add_command(command)
