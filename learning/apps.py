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
        self._cache_signals()
        if settings.DEBUG:
            # The development defaults (SQLite file, filesystem broker) need their folders; settings create none.
            from config.localdirs import local_dirs_create

            local_dirs_create()

    @staticmethod
    def _cache_signals():
        """What the shared cache keeps is dropped when its rows change: API tokens (learning.api.auth) and
        a document's question bank (learning.selectors.quizzes.question_bank) and its flashcard deck
        (learning.selectors.flashcards.decks)."""
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save
        from rest_framework.authtoken.models import Token

        from learning.api.auth import token_cache_forget_token, token_cache_forget_user
        from learning.models import Flashcard, Question
        from learning.selectors.flashcards.decks import flashcard_deck_forget
        from learning.selectors.quizzes import question_bank_forget

        post_save.connect(token_cache_forget_token, sender=Token, dispatch_uid="token-cache-token-save")
        post_delete.connect(token_cache_forget_token, sender=Token, dispatch_uid="token-cache-token-delete")
        post_save.connect(token_cache_forget_user, sender=get_user_model(), dispatch_uid="token-cache-user-save")
        post_save.connect(question_bank_forget, sender=Question, dispatch_uid="question-bank-save")
        post_delete.connect(question_bank_forget, sender=Question, dispatch_uid="question-bank-delete")
        post_save.connect(flashcard_deck_forget, sender=Flashcard, dispatch_uid="flashcard-deck-save")
        post_delete.connect(flashcard_deck_forget, sender=Flashcard, dispatch_uid="flashcard-deck-delete")
