"""The graded exposure ladder: a template built in code, because its objectives depend on a count.

The long-term goal is to face a feared situation; each rung of the ladder is a short-term
objective (a goal whose parent is the long-term goal), a little harder than the one before, with
its own few weeks. The client rates anxiety (0-100) before and after each practice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from therapy_goals.contracts.templates import (
    Constraint,
    Parameter,
    ParameterType,
    Template,
    TemplateBuild,
    TemplateResult,
)
from therapy_goals.model import (
    Direction,
    Goal,
    IfThenPlan,
    Measure,
    ParameterValue,
    Period,
    Schedule,
    Step,
    new_id,
)


@dataclass(frozen=True)
class LadderWords:
    """What the ladder says, in one language: format strings filled with the parameter values."""

    goal: str
    measure: str
    practice: str
    rung: str
    rung_measure: str
    rung_practice: str
    per_week: str
    rating: str
    title: str
    description: str
    why_prompt: str
    default_situation: str
    help: Mapping[str, str]
    constraint: str
    default_plan: tuple[str, str, str]
    """The typical obstacle, and the if-then plan for it: the defaults of ``obstacle``,
    ``plan_if`` and ``plan_then``."""


WORDS: Mapping[str, LadderWords] = {
    "en": LadderWords(
        goal="Face {situation} step by step, practising {practices} times a week, until my "
        "anxiety there is {target:g} out of 100 or less within {weeks} weeks",
        measure="anxiety rating in {situation} (0-100)",
        practice="Practise the current rung of the ladder for {situation} and rate my anxiety "
        "before and after",
        rung="Rung {rung} of {rungs}: practise a step of {situation} that I rate about {level} "
        "out of 100, {practices} times a week for {weeks} weeks",
        rung_measure="practices of rung {rung} per week",
        rung_practice="Practise rung {rung} and stay until the anxiety eases",
        per_week="per week",
        rating="rating",
        title="A graded exposure ladder for a feared situation",
        description="Face a feared situation in small steps, from easier to harder, staying in "
        "each until the anxiety eases. Each rung is a short-term objective of the long-term goal.",
        why_prompt="What would you do, or enjoy again, if this situation no longer held you back?",
        default_situation="busy shops",
        help={
            "situation": "The feared situation, e.g. 'busy shops' or 'speaking in meetings'",
            "rungs": "Steps on the ladder, from easiest to hardest",
            "weeks_per_rung": "Weeks of practice on each rung",
            "practices_per_week": "Practice sessions a week",
            "minutes": "Minutes per practice, long enough for the anxiety to ease",
            "starting_anxiety": "Anxiety in the situation today, 0-100",
            "target_anxiety": "Anxiety rating that would mean the goal is reached, 0-100",
            "obstacle": "What is most likely to get in the way",
            "plan_if": "The moment that obstacle shows up: if ...",
            "plan_then": "What you will do then: then I will ...",
        },
        constraint="must be below starting_anxiety: the ladder brings anxiety down",
        default_plan=(
            "wanting to leave before the anxiety eases",
            "I want to leave the situation early",
            "stay two more minutes and breathe out slowly",
        ),
    ),
    "es": LadderWords(
        goal="Afrontar {situation} paso a paso, practicando {practices} veces por semana, hasta "
        "que mi ansiedad allí sea de {target:g} sobre 100 o menos en {weeks} semanas",
        measure="ansiedad en {situation} (0-100)",
        practice="Practicar el peldaño actual de la escalera de {situation} y puntuar mi ansiedad "
        "antes y después",
        rung="Peldaño {rung} de {rungs}: practicar un paso de {situation} que puntúo en torno a "
        "{level} sobre 100, {practices} veces por semana durante {weeks} semanas",
        rung_measure="prácticas del peldaño {rung} por semana",
        rung_practice="Practicar el peldaño {rung} y quedarme hasta que baje la ansiedad",
        per_week="por semana",
        rating="puntuación",
        title="Una escalera de exposición gradual a una situación temida",
        description="Afrontar una situación temida en pasos pequeños, de más fácil a más difícil, "
        "quedándose en cada uno hasta que baje la ansiedad. Cada peldaño es una meta a corto "
        "plazo del objetivo a largo plazo.",
        why_prompt="¿Qué harías, o qué volverías a disfrutar, si esta situación ya no te frenara?",
        default_situation="las tiendas llenas de gente",
        help={
            "situation": "La situación temida, p. ej. 'las tiendas llenas de gente' o 'hablar en "
            "las reuniones'",
            "rungs": "Peldaños de la escalera, del más fácil al más difícil",
            "weeks_per_rung": "Semanas de práctica en cada peldaño",
            "practices_per_week": "Sesiones de práctica por semana",
            "minutes": "Minutos de cada práctica, suficientes para que la ansiedad baje",
            "starting_anxiety": "Ansiedad en la situación hoy, 0-100",
            "target_anxiety": "Ansiedad que significaría alcanzar el objetivo, 0-100",
            "obstacle": "Lo que es más probable que se interponga",
            "plan_if": "El momento en que aparece ese obstáculo: si ...",
            "plan_then": "Lo que harás entonces: entonces voy a ...",
        },
        constraint="debe ser menor que starting_anxiety: la escalera hace bajar la ansiedad",
        default_plan=(
            "las ganas de irme antes de que baje la ansiedad",
            "quiero salir antes de tiempo de la situación",
            "quedarme dos minutos más y soltar el aire despacio",
        ),
    ),
    "de": LadderWords(
        goal="Mich {situation} Schritt für Schritt stellen, {practices} Mal pro Woche üben, bis "
        "meine Angst dort innerhalb von {weeks} Wochen bei höchstens {target:g} von 100 liegt",
        measure="Angst in {situation} (0-100)",
        practice="Die aktuelle Stufe der Leiter in {situation} üben und meine Angst vorher und "
        "nachher einschätzen",
        rung="Stufe {rung} von {rungs}: einen Schritt in {situation} üben, den ich mit etwa "
        "{level} von 100 einschätze, {practices} Mal pro Woche, {weeks} Wochen lang",
        rung_measure="Übungen der Stufe {rung} pro Woche",
        rung_practice="Stufe {rung} üben und bleiben, bis die Angst nachlässt",
        per_week="pro Woche",
        rating="Einschätzung",
        title="Eine Expositionsleiter für eine gefürchtete Situation",
        description="Sich einer gefürchteten Situation in kleinen Schritten stellen, vom "
        "Leichteren zum Schwereren, und in jedem bleiben, bis die Angst nachlässt. Jede Stufe ist "
        "ein kurzfristiges Zwischenziel des langfristigen Ziels.",
        why_prompt="Was würdest du tun oder wieder genießen, wenn dich diese Situation nicht mehr "
        "zurückhielte?",
        default_situation="vollen Geschäften",
        help={
            "situation": "Die gefürchtete Situation im Dativ, z. B. 'vollen Geschäften'",
            "rungs": "Stufen der Leiter, von der leichtesten zur schwersten",
            "weeks_per_rung": "Übungswochen pro Stufe",
            "practices_per_week": "Übungseinheiten pro Woche",
            "minutes": "Minuten pro Übung, lang genug, dass die Angst nachlässt",
            "starting_anxiety": "Angst in der Situation heute, 0-100",
            "target_anxiety": "Angstwert, bei dem das Ziel erreicht ist, 0-100",
            "obstacle": "Was am ehesten dazwischenkommt",
            "plan_if": "Der Moment, in dem das Hindernis auftaucht: wenn ...",
            "plan_then": "Was du dann tust: dann werde ich ...",
        },
        constraint="muss unter starting_anxiety liegen: die Leiter senkt die Angst",
        default_plan=(
            "gehen wollen, bevor die Angst nachlässt",
            "ich die Situation früher verlassen will",
            "zwei Minuten länger bleiben und langsam ausatmen",
        ),
    ),
}
"""The ladder's words by language: English, and Spanish and German (issue 20)."""


def ladder_builder(words: LadderWords) -> TemplateBuild:
    """The build of the ladder in the language of ``words``."""

    def build(values: Mapping[str, ParameterValue], client_id: str, start: date) -> TemplateResult:
        situation = str(values["situation"])
        rungs = int(values["rungs"])
        weeks_per_rung = int(values["weeks_per_rung"])
        practices = int(values["practices_per_week"])
        minutes = int(values["minutes"])
        start_rating = float(values["starting_anxiety"])
        target_rating = float(values["target_anxiety"])
        obstacle, plan_if, plan_then = (
            str(values.get(name, default))
            for name, default in zip(_PLAN_PARAMETERS, words.default_plan, strict=True)
        )
        weeks = rungs * weeks_per_rung
        goal = Goal(
            id=new_id(),
            client_id=client_id,
            statement=words.goal.format(
                situation=situation, practices=practices, target=target_rating, weeks=weeks
            ),
            area="anxiety",
            start=start,
            due=start + timedelta(weeks=weeks),
            measure=Measure(
                name=words.measure.format(situation=situation),
                unit=words.rating,
                direction=Direction.DECREASE,
                baseline=start_rating,
                target=target_rating,
            ),
            steps=(
                Step(
                    id="step-1",
                    action=words.practice.format(situation=situation),
                    schedule=Schedule(count=practices, per=Period.WEEK),
                    minutes=minutes,
                ),
            ),
            plans=(IfThenPlan(id="plan-1", situation=plan_if, response=plan_then),),
            obstacles=(obstacle,),
        )
        objectives = []
        for rung in range(1, rungs + 1):
            begins = start + timedelta(weeks=(rung - 1) * weeks_per_rung)
            objectives.append(
                Goal(
                    id=new_id(),
                    client_id=client_id,
                    parent_id=goal.id,
                    statement=words.rung.format(
                        rung=rung,
                        rungs=rungs,
                        situation=situation,
                        level=rung * 100 // (rungs + 1),
                        practices=practices,
                        weeks=weeks_per_rung,
                    ),
                    area="anxiety",
                    start=begins,
                    due=begins + timedelta(weeks=weeks_per_rung),
                    measure=Measure(
                        name=words.rung_measure.format(rung=rung),
                        unit=words.per_week,
                        direction=Direction.INCREASE,
                        baseline=0,
                        target=practices,
                    ),
                    steps=(
                        Step(
                            id="step-1",
                            action=words.rung_practice.format(rung=rung),
                            schedule=Schedule(count=practices, per=Period.WEEK),
                            minutes=minutes,
                        ),
                    ),
                )
            )
        return TemplateResult(goal=goal, objectives=tuple(objectives))

    return build


build_ladder = ladder_builder(WORDS["en"])
"""The English ladder's build (kept by name: plug-ins and tests call it)."""

_RANGES: tuple[tuple[str, int, int, int], ...] = (
    # name, default, min, max
    ("rungs", 5, 3, 8),
    ("weeks_per_rung", 2, 1, 4),
    ("practices_per_week", 3, 2, 7),
    ("minutes", 30, 10, 90),
    ("starting_anxiety", 80, 30, 100),
    ("target_anxiety", 30, 0, 70),
)


_PLAN_PARAMETERS = ("obstacle", "plan_if", "plan_then")
"""The parameters every built-in template has for its typical obstacle and if-then plan."""


def ladder(language: str) -> Template:
    """The ladder written in ``language``: ``anxiety.exposure-ladder``, and for another language
    than English the same id followed by ``.`` and the language."""
    words = WORDS[language]
    return Template(
        id="anxiety.exposure-ladder" + ("" if language == "en" else f".{language}"),
        title=words.title,
        area="anxiety",
        description=words.description,
        version="1",
        why_prompt=words.why_prompt,
        language=language,
        parameters=(
            Parameter(
                name="situation",
                type=ParameterType.TEXT,
                default=words.default_situation,
                help=words.help["situation"],
            ),
            *(
                Parameter(
                    name=name,
                    type=ParameterType.INT,
                    default=default,
                    min=low,
                    max=high,
                    help=words.help[name],
                )
                for name, default, low, high in _RANGES
            ),
            *(
                Parameter(
                    name=name, type=ParameterType.TEXT, default=default, help=words.help[name]
                )
                for name, default in zip(_PLAN_PARAMETERS, words.default_plan, strict=True)
            ),
        ),
        constraints=(
            Constraint(
                left="target_anxiety",
                op="<",
                right="starting_anxiety",
                message=words.constraint,
            ),
        ),
        build=build_ladder if language == "en" else ladder_builder(words),
    )


EXPOSURE_LADDER = ladder("en")
EXPOSURE_LADDERS: tuple[Template, ...] = tuple(ladder(language) for language in WORDS)
"""The ladder in every language it is written in, English first."""
