"""Doing an item: a quiz attempt scored here, a lab's checklist ticked, both kept in progress.

A quiz scores the share of questions answered exactly right (every right choice and no
other), 0-100; reaching its pass mark completes the item. Progress keeps the best score
and counts the attempts. A lab's score is the share of its steps done; all of them done
completes it. A completed item stays completed (only an admin's reset moves it back).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from atrium.core.domain import Unprocessable
from atrium.core.learning import content
from atrium.core.learning.models import Item, Progress, ProgressStatus
from atrium.core.learning.schemas import (
    ItemContentRead,
    LabStepView,
    LabView,
    ProgressUpdate,
    QuestionResult,
    QuestionView,
    QuizView,
    VideoView,
)
from atrium.core.learning.services.media import signed_path
from atrium.core.learning.services.progress import Written, put_progress


@dataclass(frozen=True)
class Scored:
    score: int
    passed: bool
    pass_mark: int
    results: list[QuestionResult]
    written: Written


def learner_view(item: Item) -> ItemContentRead:
    """What the item holds, as a learner may see it: a quiz without its answers."""
    view = ItemContentRead(item_id=item.pk, kind=item.kind)
    if quiz := content.content_of(item, content.Quiz):
        view.quiz = QuizView(
            pass_mark=quiz.pass_mark,
            questions=[
                QuestionView(
                    prompt=q.prompt,
                    choices=[choice.text for choice in q.choices],
                    multiple=len(q.correct) > 1,
                )
                for q in quiz.questions
            ],
        )
    if lab := content.content_of(item, content.Lab):
        view.lab = LabView(steps=[LabStepView(title=s.title, detail=s.detail) for s in lab.steps])
    if video := content.content_of(item, content.Video):
        view.video = VideoView(
            media_url=signed_path(item.pk, "video"),
            media_type=video.media.content_type,
            captions_url=signed_path(item.pk, "captions") if video.captions else None,
            transcript=video.transcript,
        )
    return view


def score_answers(quiz: content.Quiz, answers: list[list[int]]) -> tuple[int, list[QuestionResult]]:
    """The score (0-100) and, per question, whether it was answered right."""
    if len(answers) != len(quiz.questions):
        raise Unprocessable(
            f"Answer every question: the quiz has {len(quiz.questions)}, you sent {len(answers)}"
        )
    results = []
    for number, (question, chosen) in enumerate(zip(quiz.questions, answers, strict=True), 1):
        picked = frozenset(chosen)
        if any(choice >= len(question.choices) for choice in picked):
            raise Unprocessable(f"Question {number} has {len(question.choices)} choices")
        results.append(
            QuestionResult(
                right=picked == question.correct,
                chosen=sorted(picked),
                explanation=question.explanation,
            )
        )
    right = sum(result.right for result in results)
    return round(100 * right / len(results)), results


def _current(user_id: int, item: Item) -> Progress | None:
    return Progress.objects.select_for_update().filter(user_id=user_id, item=item).first()


def _status(current: Progress | None, done: bool) -> ProgressStatus:
    if done or (current is not None and current.status == ProgressStatus.COMPLETED):
        return ProgressStatus.COMPLETED
    return ProgressStatus.IN_PROGRESS


def submit_quiz(*, user_id: int, item: Item, answers: list[list[int]]) -> Scored:
    quiz = content.content_of(item, content.Quiz)
    if quiz is None:
        raise Unprocessable("This item has no quiz to answer")
    score, results = score_answers(quiz, answers)
    passed = score >= quiz.pass_mark
    with transaction.atomic():
        current = _current(user_id, item)
        best = max(score, current.score or 0) if current else score
        update = ProgressUpdate(
            status=_status(current, passed),
            score=best,
            attempts=(current.attempts if current else 0) + 1,
        )
        written = put_progress(user_id=user_id, item=item, update=update, actor_id=user_id)
    return Scored(score, passed, quiz.pass_mark, results, written)


def tick_lab(*, user_id: int, item: Item, done: list[int]) -> Written:
    lab = content.content_of(item, content.Lab)
    if lab is None:
        raise Unprocessable("This item has no steps to tick")
    steps = len(lab.steps)
    if any(step >= steps for step in done):
        raise Unprocessable(f"The lab has {steps} steps (positions 0 to {steps - 1})")
    checklist = tuple(sorted(set(done)))
    with transaction.atomic():
        current = _current(user_id, item)
        update = ProgressUpdate(
            status=_status(current, len(checklist) == steps),
            score=round(100 * len(checklist) / steps),
        )
        return put_progress(
            user_id=user_id, item=item, update=update, actor_id=user_id, checklist=checklist
        )
