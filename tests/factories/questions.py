"""An event's questions, made as the page's inline panels save them."""

from roundtable.models import FeedbackQuestion, RegistrationQuestion


def _question(model, event, **kwargs):
    kwargs.setdefault("sort_order", model.objects.filter(page=event).count())
    kwargs.setdefault("label", f"Question {kwargs['sort_order'] + 1}")
    return model.objects.create(page=event, **kwargs)


def registration_question(*, event, **kwargs):
    kwargs.setdefault("kind", "text")
    return _question(RegistrationQuestion, event, **kwargs)


def feedback_question(*, event, **kwargs):
    kwargs.setdefault("kind", "scale")
    return _question(FeedbackQuestion, event, **kwargs)
