"""Stage 5: the command line. Typer options -> plain option objects -> pipeline
-> reporters -> exit code. See `cjmap.cli.app`."""
