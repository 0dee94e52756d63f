"""``python -m algofolio``: the same command as the ``algofolio`` console script."""

from algofolio.cli.main import run

if __name__ == "__main__":
    run()
