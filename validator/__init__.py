"""scrutineer: replay a championship season under its rules and prove or refute the declared outcome."""

__version__ = "0.1.0"
