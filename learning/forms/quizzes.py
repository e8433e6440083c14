"""Forms of the quizzes pages."""

from django import forms
from django.utils.translation import gettext_lazy

from learning.models import Quiz

# --------------------------------------------------------------------------- helpers

REVIEW_CHOICES = [
    (Quiz.Review.IMMEDIATELY, gettext_lazy("Immediately after the attempt")),
    (Quiz.Review.AFTER_LAST_ATTEMPT, gettext_lazy("After the last attempt")),
    (Quiz.Review.AFTER_DUE, gettext_lazy("After the due date")),
    (Quiz.Review.NEVER, gettext_lazy("Never")),
]


class QuizSettingsForm(forms.Form):
    attempts_allowed = forms.IntegerField(
        label=gettext_lazy("Attempts allowed (0 = unlimited; empty = 2 when assigned, unlimited otherwise)"),
        min_value=0,
        max_value=100,
        required=False,
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("Closes at (empty = never)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    # Not required: a form posted without them (an older page) keeps the quiz's review options.
    review_score = forms.ChoiceField(
        label=gettext_lazy("Students see their score"), choices=REVIEW_CHOICES, required=False
    )
    review_answers = forms.ChoiceField(
        label=gettext_lazy("Students see the right answers"), choices=REVIEW_CHOICES, required=False
    )
    review_explanations = forms.ChoiceField(
        label=gettext_lazy("Students see the explanations"), choices=REVIEW_CHOICES, required=False
    )
    time_limit_minutes = forms.IntegerField(
        label=gettext_lazy("Time limit in minutes (empty = none)"), min_value=1, max_value=1440, required=False
    )
    question_count = forms.IntegerField(
        label=gettext_lazy("Questions drawn (practice)"), min_value=1, max_value=100, required=False
    )
    shuffle_questions = forms.BooleanField(label=gettext_lazy("Shuffle questions for each attempt"), required=False)
    shuffle_choices = forms.BooleanField(label=gettext_lazy("Shuffle choices for each attempt"), required=False)
    feedback = forms.ChoiceField(
        label=gettext_lazy("Feedback"),
        choices=[
            (Quiz.Feedback.AFTER_SUBMIT, gettext_lazy("After submitting the quiz")),
            (Quiz.Feedback.IMMEDIATE, gettext_lazy("After each question")),
        ],
    )
    published = forms.BooleanField(label=gettext_lazy("Visible to students"), required=False)


class OverrideForm(forms.Form):
    score = forms.FloatField(
        label=gettext_lazy("Score for this question (0 to 1; empty returns to the computed score)"),
        min_value=0,
        max_value=1,
        required=False,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment to the student"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class QuestionForm(forms.Form):
    prompt = forms.CharField(label=gettext_lazy("Prompt"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    explanation = forms.CharField(
        label=gettext_lazy("Explanation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    choices = forms.CharField(
        label=gettext_lazy("Choices, one per line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=4000,
    )
    items = forms.CharField(
        label=gettext_lazy("Statements to match, one per line"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=6500,
    )
    answer = forms.CharField(
        label=gettext_lazy("Right answer: the choice number(s), comma separated; the term for a cloze"),
        max_length=200,
        required=False,
    )


class NewQuestionForm(QuestionForm):
    type = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[
            ("multiple_choice", gettext_lazy("Multiple choice (one right answer)")),
            ("multi_select", gettext_lazy("Several right answers")),
            ("true_false", gettext_lazy("True / false (answer 1 = true, 2 = false)")),
            ("cloze", gettext_lazy("Fill in the blank")),
        ],
    )
    field_order = ["type", "prompt", "choices", "answer", "explanation"]


def responses_from_form(post, questions: list[dict]) -> list[dict]:
    """Form fields (q<id>, q<id>-<item>) -> the API's responses shape; blank fields mean no answer."""
    responses = []
    for q in questions:
        name = f"q{q['id']}"
        if q["type"] == "multi_select":
            picked = post.getlist(name)
            answer = picked or None
        elif q["type"] == "matching":
            pairs = {i["id"]: post.get(f"{name}-{i['id']}") for i in q["items"]}
            pairs = {k: v for k, v in pairs.items() if v}
            answer = pairs or None
        else:
            answer = (post.get(name) or "").strip() or None
        responses.append({"question": q["id"], "answer": answer})
    return responses
