"""``python -m rallyrules``: the command line, as ``rallyrules`` (every command)."""

from .cli import main

if __name__ == "__main__":  # pragma: no branch
    main(prog_name="rallyrules")
