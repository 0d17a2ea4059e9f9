"""`python -m cjmap` runs the command-line interface."""

from cjmap.cli.app import run

if __name__ == "__main__":  # pragma: no cover
    run()
