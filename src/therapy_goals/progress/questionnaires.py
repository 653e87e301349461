"""The built-in questionnaires, PHQ-9 and GAD-7, registered as an ordinary plug-in.

Both follow the NHS Talking Therapies definitions: *caseness* is a total
at or above the clinical cut-off (PHQ-9 10, GAD-7 8); *reliable improvement* a fall of at least
the reliable change value (PHQ-9 6, GAD-7 4); *recovery* moving from caseness to below the
cut-off; *reliable recovery* both.

>>> PHQ9.score([1, 2, 1, 0, 2, 1, 1, 0, 1]).band
'mild'
"""

from __future__ import annotations

from collections.abc import Callable

from therapy_goals.contracts.questionnaires import Band, Questionnaire
from therapy_goals.hookspecs import hookimpl

__all__ = ["BUILTIN_QUESTIONNAIRES", "GAD7", "PHQ9"]


_ATTRIBUTION = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with "
    "an educational grant from Pfizer Inc. No permission required to reproduce, translate, "
    "display or distribute."
)

PHQ9 = Questionnaire(
    code="phq9",
    name="PHQ-9",
    items=9,
    item_min=0,
    item_max=3,
    bands=(
        Band(low=0, high=4, label="minimal"),
        Band(low=5, high=9, label="mild"),
        Band(low=10, high=14, label="moderate"),
        Band(low=15, high=19, label="moderately severe"),
        Band(low=20, high=27, label="severe"),
    ),
    cutoff=10,
    reliable_change=6,
    attribution=_ATTRIBUTION,
    area="depression",
    loinc="44261-6",
    loinc_name="Patient Health Questionnaire 9 item (PHQ-9) total score",
    item_flags={9: "thoughts of being better off dead or of self-harm; follow up today"},
)

GAD7 = Questionnaire(
    code="gad7",
    name="GAD-7",
    items=7,
    item_min=0,
    item_max=3,
    bands=(
        Band(low=0, high=4, label="minimal"),
        Band(low=5, high=9, label="mild"),
        Band(low=10, high=14, label="moderate"),
        Band(low=15, high=21, label="severe"),
    ),
    cutoff=8,
    reliable_change=4,
    attribution=_ATTRIBUTION,
    area="anxiety",
    loinc="70274-6",
    loinc_name="Generalized anxiety disorder 7 item (GAD-7) total score",
)


BUILTIN_QUESTIONNAIRES: tuple[Questionnaire, ...] = (PHQ9, GAD7)
"""The questionnaires this plug-in registers."""


@hookimpl
def register_questionnaires(register: Callable[[Questionnaire], None]) -> None:
    for questionnaire in BUILTIN_QUESTIONNAIRES:
        register(questionnaire)
