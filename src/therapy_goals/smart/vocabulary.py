"""Word lists that the statement reader and the built-in rules share.

Kept apart from the code so that they can be read, reviewed and extended in one place. All
entries are lower case; verbs are base forms (the reader derives -s, -ing and -ed forms).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from therapy_goals.model import Period


def _words(text: str) -> frozenset[str]:
    """The words of a block of text: lets long word lists read as prose."""
    return frozenset(text.split())


# fmt: off

# Verbs that name something a person can do and be seen doing.
ACTION_VERBS = _words("""
    act add ambulate answer apologise apologize apply arrange arrive ask attend bake bathe
    begin block discuss name remove reposition seek share throw assert
    book breathe bring brush build buy call cancel celebrate challenge change chat check
    choose clean clear climb color colour commit complete compliment confide connect contact
    cook count create cycle dance decline delegate delete describe draw dress drink drive
    eat email engage exercise explain express fill find finish floss follow garden give go greet
    hike hug identify introduce invite jog join journal keep knit label learn leave lift
    limit list listen log look maintain make map meditate meet message note notice open
    order paint pay phone pick plan plant play practice practise pray prepare put quit rate
    reach read record reflect reframe refuse rehearse reply request respond rest return ride
    run say schedule see send set share shop shout shower sing sit skip sleep smoke speak
    spend stand start state stay stretch study swim take talk tell text thank track turn
    unplug use visit volunteer wake walk wash watch water weigh write yoga
""")

# Change words: concrete when a number follows, vague when none does.
DECREASE_WORDS = _words("""
    cut decrease drop fewer less lessen limit lower minimise minimize reduce shrink
""")

# ... and the same for more of something.
INCREASE_WORDS = _words("""
    boost build extend grow improve increase more raise
""")

# Feelings and states a vague aim names ('be happier', 'feel calmer').
VAGUE_STATES: tuple[str, ...] = (
    "happier", "happy", "better", "calmer", "calm", "good", "okay", "ok", "confident",
    "relaxed", "positive", "normal", "stronger", "healthier", "content", "fulfilled",
    "motivated", "myself", "whole", "fixed", "less anxious", "less stressed", "less depressed",
    "less sad", "less worried", "less angry", "less lonely", "more confident", "more positive",
    "more relaxed", "at peace", "in control",
)

# Topics a vague aim works on ('work on my anxiety').
VAGUE_TOPICS: tuple[str, ...] = (
    "anxiety", "depression", "stress", "mood", "confidence", "anger", "issues", "problems",
    "life", "relationship", "relationships", "boundaries", "trauma", "sleep", "wellbeing",
    "well-being", "emotions", "feelings", "worry", "worries", "fear", "fears", "panic",
    "sadness", "loneliness", "self-care", "communication", "health", "thoughts", "past",
    "habits", "self-esteem", "mental health", "self esteem",
)

# Verbs of vague aims, as a regular-expression alternation.
VAGUE_VERBS = (
    "work on|deal with|sort out|handle|cope with|manage|improve|fix|reduce|overcome|beat|tackle|"
    "address|get over|get a handle on|get control of|control|lower|decrease|lessen|ease|heal|"
    "process|change|better|focus on|look after|take care of"
)

# A verb followed by one of these, and nothing concrete, is a vague aim ('sleep better').
VAGUE_ADVERBS = ("better", "healthier", "properly", "more healthily", "well")

# Whole phrases that are vague aims on their own.
VAGUE_PHRASES: tuple[str, ...] = (
    "get better", "be better", "do better", "move on", "find myself", "find peace", "be okay",
    "be myself", "improve my life", "get my life together", "get my life back",
    "live my best life", "get back to normal", "be a better person", "feel like myself",
    "transform my life", "turn my life around", "change everything", "change my life",
    "sort my life out", "sort out my life", "fix my life", "get my act together",
    "be a new person", "start over", "make my life better",
)

# Wording that frames a goal as something to stop rather than something to start.
AVOIDANCE_WORDS: tuple[str, ...] = (
    "stop", "quit", "not", "never", "less", "avoid", "don't", "dont", "no longer", "no more",
    "give up", "cut out", "refrain from",
)

# Targets that leave no room for a bad day.
ABSOLUTE_WORDS: tuple[str, ...] = (
    "never", "always", "every single", "100%", "100 percent", "perfect", "perfectly",
    "completely", "totally", "entirely", "all the time", "at all times", "without fail",
    "eliminate", "get rid of", "never again", "no anxiety", "no panic", "no worries",
    "no stress", "no sadness", "no fear", "no negative", "all day", "every waking",
)

# Abstinence is a sound goal for substances and gambling: 'never' and '0' are not
# perfectionism there.
ABSTINENCE_TOPICS = _words("""
    alcohol bet betting binge cannabis cigarette cigarettes cutting drink drinking drinks
    drug drugs gamble gambling purging self-harm smoke smoking vape vaping weed
    sober sobriety abstinent abstinence smoke-free alcohol-free drug-free relapse
""")

# Other people whose behaviour a goal cannot control, as a regular-expression alternation.
OTHER_PEOPLE = (
    "partner|husband|wife|boyfriend|girlfriend|spouse|mum|mom|mother|dad|father|parents|boss|"
    "manager|kids|children|child|son|daughter|friend|friends|family|colleague|colleagues|sister|"
    "brother|teacher|team|ex|in-laws|neighbour|neighbor"
)

SCALES: Mapping[str, tuple[str, int, int, str | None]] = MappingProxyType({
    # code: (name, lowest total, highest total, area it measures)
    "phq9": ("PHQ-9", 0, 27, "depression"),
    "gad7": ("GAD-7", 0, 21, "anxiety"),
    "pcl5": ("PCL-5", 0, 80, "trauma"),
    "core10": ("CORE-10", 0, 40, None),
    "dass21": ("DASS-21", 0, 63, None),
    "wsas": ("WSAS", 0, 40, None),
    "isi": ("ISI", 0, 28, "sleep"),
    "epds": ("EPDS", 0, 30, "depression"),
    "audit": ("AUDIT", 0, 40, None),
})
"""The rating scales the statement reader recognises by name in a goal's text. The facts of a
registered questionnaire (:class:`~therapy_goals.contracts.Questionnaire`) come from its
definition, which rules read through their context; this row is what the reader and rules fall
back on for a scale no plug-in defines (a test holds the PHQ-9 and GAD-7 rows to the definitions).
"""

QUESTIONNAIRES: Mapping[str, str] = MappingProxyType(
    {code: name for code, (name, _, _, _) in SCALES.items()}
)
"""Scale codes the reader recognises in text, with their usual names."""

AREA_KEYWORDS: Mapping[str, tuple[str, ...]] = {
    "anxiety": (
        "anxiety", "anxious", "panic", "worry", "worries", "worried", "nervous", "fear",
        "phobia", "exposure", "gad", "calm", "mindfulness", "relaxation",
    ),
    "depression": (
        "depression", "depressed", "mood", "sad", "low", "hopeless", "phq",
        "activities", "pleasant", "enjoy", "motivation", "activation",
    ),
    "relationships": (
        "partner", "husband", "wife", "relationship", "relationships", "friend",
        "friends", "family", "date", "dating", "loneliness", "lonely", "sister",
        "brother", "mum", "mom", "dad", "parents", "children", "kids",
    ),
    "communication": (
        "communicate", "communication", "listen", "express", "conversation",
        "assertive", "feedback", "argument", "arguments", "conflict",
    ),
    "boundaries": (
        "boundary", "boundaries", "say no", "saying no", "limit", "limits", "overtime",
        "shifts", "requests", "people-pleasing",
    ),
    "self-esteem": (
        "self-esteem", "esteem", "self-compassion", "compliment", "kind to myself",
        "strengths", "achievements", "critic", "self-criticism", "worth", "to myself",
    ),
    "trauma": (
        "trauma", "traumatic", "flashback", "flashbacks", "ptsd", "nightmare",
        "nightmares", "grounding", "pcl",
    ),
    "coping-skills": (
        "cope", "coping", "urge", "urges", "anger", "angry", "grounding", "distress",
        "craving", "cravings", "triggers",
    ),
    "stress": (
        "stress", "stressed", "overwhelmed", "burnout", "workload", "pressure",
    ),
    "self-care": (
        "self-care", "shower", "meals", "meal", "eat", "hygiene", "water", "bath",
        "breakfast", "lunch", "dinner", "hobby", "hobbies", "social media", "phone",
        "vegetables", "fruit",
    ),
    "sleep": (
        "sleep", "bed", "bedtime", "insomnia", "wake", "nap", "naps", "isi", "screen",
    ),
    "physical-activity": (
        "exercise", "exercising", "walk", "walking", "run", "running", "gym", "yoga",
        "swim", "swimming", "cycle", "cycling", "steps", "stretch", "workout", "jog",
        "jogging", "hike",
    ),
}
"""Words that suggest each area; the reader picks the area with the most matches."""

PERIOD_WORDS: Mapping[str, Period] = {
    "day": Period.DAY,
    "night": Period.DAY,
    "morning": Period.DAY,
    "evening": Period.DAY,
    "afternoon": Period.DAY,
    "d": Period.DAY,
    "week": Period.WEEK,
    "wk": Period.WEEK,
    "weekend": Period.WEEK,
    "month": Period.MONTH,
    "mo": Period.MONTH,
}

NUMBER_WORDS: Mapping[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)
MONTH_ABBREVIATIONS = {name[:3]: index + 1 for index, name in enumerate(MONTHS)} | {"sept": 9}

AREA_EXAMPLES: Mapping[str, str] = {
    "anxiety": "Practise slow breathing for 10 minutes three times a week for the next 8 weeks",
    "depression": "Plan and do one enjoyable activity on 4 days a week for the next 6 weeks",
    "relationships":
        "Have a 20-minute phone call with a friend every Sunday for the next 2 months",
    "communication":
        "Use one 'I feel ... when ...' sentence in a disagreement each week for 6 weeks",
    "boundaries": "Say no to one extra request at work each week for the next 6 weeks",
    "self-esteem": "Write down three things I did well every evening for the next 4 weeks",
    "trauma":
        "Use a grounding exercise when a memory comes up, and log it, for the next 6 weeks",
    "coping-skills":
        "Use my coping card when an urge comes, at least 4 times a week for 6 weeks",
    "stress": "Take a 10-minute walk at lunchtime on weekdays for the next 4 weeks",
    "self-care": "Eat breakfast before 9 am on 5 days a week for the next month",
    "sleep": "Go to bed by 10:30 pm on weeknights for the next 4 weeks",
    "physical-activity": "Walk for 20 minutes three times a week for the next 8 weeks",
}
"""A concrete, SMART example for each area, used in suggestions."""

DEFAULT_EXAMPLE = "Walk for 20 minutes three times a week for the next 8 weeks"
# --- what makes an aim less than specific (issue 15) ----------------------------------------------

HEDGES: tuple[str, ...] = (
    "try to", "try and", "trying to", "will try", "'ll try", "should", "ought to", "hope to",
    "hoping to", "hopefully", "wish", "maybe", "perhaps", "want to be", "want to feel",
    "wants to be", "would like to be", "would like to feel", "'d like to be", "'d like to feel",
)
"""Words that make a goal a wish rather than a commitment ("I'll try to ...", "I should ...")."""

COMPARATIVE_WORDS: tuple[str, ...] = (
    "more", "less", "fewer", "better", "earlier", "later", "longer", "shorter", "healthier",
    "happier", "calmer", "stronger", "fitter", "harder", "faster", "slower", "bigger",
    "smaller", "greater", "more often", "more regularly", "less often",
)
"""Comparatives: "walk more" says which way, not how far, unless a number, time or amount
anchors it ("walk 2,000 more steps a day", "go to bed earlier, by 10:30 pm")."""

INSIGHT_PHRASES: tuple[str, ...] = (
    "learn about", "learn more about", "learning about", "learn to accept", "learn to love",
    "learn to trust", "learn to forgive", "learn to let go", "learn to be", "learn how to be",
    "understand", "understanding", "develop better", "develop healthier", "develop good",
    "develop a better", "develop a healthier", "develop a sense", "improve my self-worth",
    "improve my self-esteem", "improve my confidence", "improve my self-confidence",
    "improve my relationship", "improve my relationships", "gain insight", "gain awareness",
    "gain understanding", "gain a better understanding", "be more aware", "become more aware",
    "be aware of", "become aware of", "explore my", "explore why", "explore how",
    "discover who", "discover what", "reflect on my", "come to terms", "accept myself",
    "work through", "make sense of", "get to know myself", "know myself",
)
"""Learning and insight aims: worth having, but no behaviour anyone could see or count."""

COMPLETION_VERBS: tuple[str, ...] = (
    "sign up", "signing up", "book", "send", "enrol", "enroll", "register", "apply", "buy",
    "attend a", "attend an", "attend one", "attend my first", "attend the first", "find a",
    "find an", "begin", "start a", "start an", "start my", "throw away", "throw out",
    "clear out", "make plans", "seek", "remove",
    "purchase", "order", "join", "submit", "schedule", "arrange", "fill in", "fill out",
    "finish", "complete", "open", "hand in", "make an appointment",
    "make a doctor's appointment", "write a letter", "write an email", "write a card", "call",
    "phone", "ring", "email", "set up", "sign", "renew", "return", "cancel", "pay off", "pay",
    "bring",
)
"""Actions done once, whose completion is the measure ("book a dentist appointment")."""

THIRD_PERSON_SUBJECTS = (
    "the client|client|the patient|patient|the resident|resident|the student|student|"
    "the child|the individual|the participant|the service user|he|she|they"
)
"""Clinical objectives speak of the client: "The client will independently make a sandwich"."""

NOT_A_TASK = frozenset(
    "be feel have understand know learn want try continue remain become get improve increase "
    "decrease reduce progress recover show".split()
)
"""Words after "the client will" that do not name a task done once."""

TITLE_STARTS = frozenset(
    "a an the more less better improved improving fewer healthier greater increased reduced "
    "decreased happier calmer".split()
)
"""First words of a title ("A healthier morning routine", "Better sleep"), which has no verb."""

ROUTINE_WORDS: tuple[str, ...] = (
    "bed", "sleep", "asleep", "wake", "get up", "up", "breakfast", "lunch", "dinner", "meal",
    "meals", "medication", "medicine", "tablets", "pills", "screens", "screen", "phone",
    "caffeine", "coffee", "work", "home", "lights out",
)
"""What a daily routine is about: "go to bed by 10:30 pm" is a habit, not a deadline tonight,
while "lay out my gym clothes by 7 am" is a task due by that time."""

DETAIL_PHRASES: tuple[str, ...] = (
    "in the morning", "in the mornings", "in the evening", "in the evenings", "in the afternoon",
    "after breakfast", "after lunch", "after dinner", "after work", "after school", "after meals",
    "before bed", "before breakfast", "before work", "before school", "at bedtime", "at lunch",
    "at lunchtime", "at home", "at work", "at school", "at the gym", "in the park", "outside",
    "outdoors", "on weekdays", "on weekends", "on weeknights", "with my", "with a friend",
    "with friends", "with the kids", "when", "whenever", "if i", "each time", "every time",
    "situations",
)
"""When, where and with whom: concrete details beside an action ("walk after dinner")."""

ABSTINENCE_PHRASES: tuple[str, ...] = (
    "stay clean", "staying clean", "clean and sober", "clean time", "be clean", "free of drug",
    "free of alcohol", "free of drugs", "not use", "not drink", "not smoke", "not gamble",
)
"""Abstinence said in phrases whose words alone mean other things ("clean the kitchen")."""

FREQUENCY_ADVERBS = frozenset("regularly frequently consistently often routinely".split())
"""After "more", these make a comparative of how often ("more regularly"); other -ly words
say how ("talk more openly"), which is a manner, not an amount left open."""

# fmt: on
