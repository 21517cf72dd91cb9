"""Allow ``python -m selfreview``."""

from selfreview.cli.app import main

if __name__ == "__main__":
    main()
