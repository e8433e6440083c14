from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings
        from django.core import checks

        from learning import targets
        from learning.ids import converters_register
        from learning.lti.checks import cache_shared_check

        converters_register()  # <id:...> in every URL module
        targets.register()
        checks.register(cache_shared_check, checks.Tags.caches)
        if settings.DEBUG:
            # The development defaults (SQLite file, filesystem broker) need their folders; settings create none.
            from config.localdirs import local_dirs_create

            local_dirs_create()
