"""`python -m briefgen`: the same command line as `briefgen`."""

from briefgen.cli.main import main

main(prog_name="briefgen")
