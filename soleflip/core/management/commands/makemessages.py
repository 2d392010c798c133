"""Django's makemessages for our catalogue (locale/de): no source locations (they churn
on every edit and merge), no fuzzy guesses (a wrong German text must never be shown; a new
text stays untranslated until someone translates it), obsolete entries dropped."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def handle(self, *args, **options):
        options["no_location"] = True
        options["no_obsolete"] = True
        options.setdefault("ignore_patterns", [])
        options["ignore_patterns"] += [
            ".venv/*",
            ".data/*",
            "tests/*",
            "benchmarks/*",
            "staticfiles/*",
        ]
        super().handle(*args, **options)
