"""One module per `scrutineer` command. Each defines `register(subparsers)` (its arguments, help and examples)
and `run(args) -> int` (its exit code); `validator/cli.py` lists them in `COMMANDS`. A command module imports
nothing heavy at the top: the engine is imported inside `run`, so `--help` and `--version` stay instant."""
