"""The ``uitkomst`` console command: Django management with Uitkomst's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uitkomst.conf.settings")
    from django.core.management import execute_from_command_line

    import uitkomst.conf.celery  # noqa: F401 - the task queue's app, so tasks reach the configured broker

    execute_from_command_line(["uitkomst", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
