"""The ``uitkomst`` console command: Django management with Uitkomst's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["classify"] and "--text" in args:
        # fast path: reading a document needs no database or app registry (contractvormen/lezen.py)
        from uitkomst.contractvormen.lezen import snel_classify

        status = snel_classify(args)
        if status:
            sys.exit(status)
        if status == 0:
            return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uitkomst.conf.settings")
    from django.core.management import execute_from_command_line

    import uitkomst.conf.celery  # noqa: F401 - the task queue's app, so tasks reach the configured broker

    execute_from_command_line(["uitkomst", *args])


if __name__ == "__main__":
    main()
