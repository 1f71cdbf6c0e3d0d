"""Command lines of the bench scripts: the script's own arguments, then `--` and the arguments
passed unchanged to every `annogan train` command."""


def split(argv):
    """Returns (own arguments, arguments after `--`)."""
    if "--" in argv:
        cut = argv.index("--")
        return argv[:cut], argv[cut + 1:]
    return argv, []
