"""`python -m cjmap` runs the command-line interface."""

from cjmap.cli.app import main

if __name__ == "__main__":  # pragma: no cover
    main()
