"""Command-line interface (typer); errors map to exit codes only here."""
