"""The command line: click commands, shared options, problem reports, progress, serve, new, figures."""
