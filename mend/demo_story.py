"""What happened in the demo family over four months: the words and the dates, as data.

The Rivera family: Sam (the person in recovery, about six months sober when the story
starts), Alex (his partner), María (his mother, who writes in Spanish and had stepped
back from Sam while he was using) and Jordan (their grown child, still living at home). Nothing here is a
script for a perfect family: early weeks hold misses, a lie and a "not yet"; later
weeks hold small kept promises, a repair finished, one still going, and a mother who
said "yes, with conditions". Five weeks before "now", Alex asks a practice for help and
its therapist, Lena, joins the circle; Sam, Alex and María each give her consent for
different things (Jordan gives none). `mend/demo_history.py` plays it through the apps'
own logic. Days are counted back from the moment the demo is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

DAYS = 120  # how far back the story starts
JOINED_DAYS_AGO = 125
TIME_ZONE = "America/New_York"

# --- promises ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PromiseStory:
    """One promise and how reliably it is kept as the months go by (lo → hi)."""

    key: str
    author: str
    what: str
    to: tuple[str, ...] = ()  # empty with to_circle: the whole circle
    to_circle: bool = False
    frequency: str = "weekdays"
    weekdays: tuple[int, ...] = ()
    times_per_week: int = 1
    due: time = time(19, 0)
    start: int = DAYS  # days ago
    audience: str = "circle"
    chosen: tuple[str, ...] = ()
    kept: tuple[float, float] = (0.75, 0.95)
    owned: tuple[float, float] = (0.6, 0.95)  # of the misses, how many are owned
    confirmed: float = 0.92  # of the kept ones, how many the other person confirms
    end: int | None = None  # days ago it was ended
    pause: tuple[int, int, str] | None = None  # (from, to) days ago, reason
    # Fixed fates, for the first occurrence on or after a day (days ago): "dispute" (reported
    # kept, seen differently, then owned)
    scripted: dict[int, str] = field(default_factory=dict)
    # Days: what falls due in the last `waiting` days is reported kept and still waits for
    # the other person's confirmation, so each person opens Mend to something to answer.
    waiting: int = 0
    # Its answers draw on their own random numbers: a promise added to the story later
    # leaves every other promise's months exactly as they were.
    own_luck: bool = False


PROMISES = [
    PromiseStory(
        "meetings30",
        "sam",
        "Go to a meeting every day for my first 30 days in this circle",
        to_circle=True,
        frequency="daily",
        due=time(21, 0),
        start=DAYS,
        end=DAYS - 31,
        kept=(0.8, 0.9),
    ),
    PromiseStory(
        "meetings",
        "sam",
        "Go to three meetings a week",
        to_circle=True,
        frequency="per_week",
        times_per_week=3,
        due=time(21, 0),
        start=DAYS - 31,
        kept=(0.85, 0.97),
    ),
    PromiseStory(
        "text_leaving",
        "sam",
        "Text Alex when I leave work",
        to=("alex",),
        weekdays=(0, 1, 2, 3, 4),
        due=time(17, 45),
        start=DAYS - 5,
        audience="chosen",
        chosen=("alex",),
        kept=(0.6, 0.9),
        waiting=4,  # Alex: the last weekday's text
    ),
    PromiseStory(
        "pickup",
        "sam",
        "Drive Jordan to practice on Tuesdays and Thursdays",
        to=("jordan",),
        weekdays=(1, 3),
        due=time(18, 0),
        start=DAYS - 10,
        kept=(0.7, 0.9),
        waiting=6,  # Jordan: the last drive to practice
    ),
    PromiseStory(
        "sunday_talk",
        "alex",
        "A Sunday evening talk with Sam: twenty minutes, phones away",
        to=("sam",),
        weekdays=(6,),
        due=time(20, 30),
        start=DAYS - 15,
        audience="chosen",
        chosen=("sam",),
        kept=(0.75, 0.9),
        waiting=8,  # Sam: Alex's last Sunday talk
    ),
    PromiseStory(
        "home_by_ten",
        "jordan",
        "Be home for family dinner on Fridays and Sundays",
        to=("sam", "alex"),
        weekdays=(4, 6),
        due=time(19, 0),
        start=DAYS - 20,
        kept=(0.7, 0.92),
        owned=(0.5, 0.8),
        pause=(52, 44, "holiday"),
        scripted={38: "dispute"},
    ),
    PromiseStory(
        "wednesdays",
        "maria",
        "Comer con Jordan los miércoles",
        to=("jordan",),
        weekdays=(2,),
        due=time(13, 30),
        start=DAYS - 12,
        kept=(0.95, 1.0),
        waiting=8,  # Jordan: María's last Wednesday lunch
    ),
    # From the first session with Lena (see THERAPIST): the week's plans, said out loud,
    # so that nothing has to be hidden when they change. Shared with Lena (Sam's consent).
    PromiseStory(
        "week_plans",
        "sam",
        "Go over the week's plans with Alex on Monday evenings",
        to=("alex",),
        weekdays=(0,),
        due=time(20, 30),
        start=34,
        kept=(0.8, 0.95),
        confirmed=1.0,
        own_luck=True,
    ),
]

# Promises made at step 5 of the finished repair (see RUPTURES) use these schedules.
REPAIR_PROMISES = {
    "sam": PromiseStory(
        "plans_change",
        "sam",
        "Tell Alex by 6 pm if my plans change",
        to=("alex",),
        frequency="daily",
        due=time(18, 0),
        kept=(0.8, 0.9),
    ),
    "alex": PromiseStory(
        "own_group",
        "alex",
        "Go to my own support group on Wednesdays",
        to=("sam",),
        weekdays=(2,),
        due=time(20, 0),
        kept=(0.8, 0.9),
    ),
}

# The offer María makes from her plan; Sam takes it on, and it becomes his promise to her.
OFFER_ACCEPTED = PromiseStory(
    "sunday_call",
    "sam",
    "Llamarme los domingos por la tarde",
    to=("maria",),
    weekdays=(6,),
    due=time(19, 0),
    kept=(0.85, 1.0),
    waiting=8,  # María: his last Sunday call
)

# Notes a person writes when changing in advance or owning a miss, in their language.
RENEGOTIATE_NOTES = {
    "en": [
        "Work is running late today. Can we move it to tomorrow?",
        "I have a doctor's appointment then; I'll do it first thing tomorrow.",
        "I'm not feeling well. Telling you now rather than letting it slide.",
    ],
    "es": ["Hoy tengo médico a esa hora. ¿Lo dejamos para mañana?", "Hoy no puedo, te aviso con tiempo."],
}
OWN_NOTES = {
    "en": [
        "I forgot. I'm sorry. I've set a reminder on my phone now.",
        "I missed this one. No excuse; I'll be there next time.",
        "I got caught up and let it slip. I'm owning it.",
        "",
    ],
    "es": ["Se me olvidó. Lo siento, la próxima vez pongo una alarma.", ""],
}
DISPUTE_NOTE = "You came at half past eight, after we had eaten."
DISPUTE_OWN_NOTE = "I lost track of time at Riley's. I should have called. Next time I will."

# --- check-ins ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckInStory:
    """How someone's check-ins drift over the months: early pools, then late pools."""

    per_week: float
    audience: str
    chosen: tuple[str, ...]
    states_early: tuple[str, ...]
    states_late: tuple[str, ...]
    feelings_early: tuple[str, ...]
    feelings_late: tuple[str, ...]
    body_early: tuple[tuple[str, str], ...]
    body_late: tuple[tuple[str, str], ...]
    urges_early: tuple[str, ...]
    urges_late: tuple[str, ...]
    connection: dict[str, tuple[int, int]]  # member -> (early, late) 1–5
    notes: tuple[str, ...] = ()
    cravings: tuple[int, int] | None = None  # (early, late) level, for the person in recovery
    cravings_chosen: tuple[str, ...] = ()


CHECKINS = {
    "sam": CheckInStory(
        per_week=4.5,
        audience="circle",
        chosen=(),
        states_early=("activated", "activated", "shut_down", "settled"),
        states_late=("settled", "settled", "settled", "activated"),
        feelings_early=("anxious", "ashamed", "guilty", "tired", "hopeful", "irritable"),
        feelings_late=("hopeful", "grateful", "proud", "tired", "content", "anxious"),
        body_early=(("chest", "tight"), ("jaw", "tight"), ("shoulders", "heavy"), ("stomach", "buzzing")),
        body_late=(("chest", "warm"), ("shoulders", "heavy"), ("hands", "warm"), ("legs", "heavy")),
        urges_early=("pull_away", "hide", "use"),
        urges_late=("reach_out", "pull_away"),
        connection={"alex": (3, 4), "jordan": (2, 4), "maria": (1, 4)},
        notes=(
            "Long day. Went to the meeting anyway.",
            "Hard to sit with Jordan's silence at dinner. Didn't push.",
            "Mum picked up on the first ring.",
            "Felt the old pull on the drive home. Called Dave instead.",
            "Laughed with Alex about the burnt pancakes. First time in a while.",
            "Tired, but a good tired.",
        ),
        cravings=(6, 2),
        cravings_chosen=("alex",),
    ),
    "alex": CheckInStory(
        per_week=3,
        audience="chosen",
        chosen=("sam",),
        states_early=("activated", "activated", "settled"),
        states_late=("settled", "settled", "activated"),
        feelings_early=("worried", "resentful", "tired", "lonely", "hopeful"),
        feelings_late=("hopeful", "content", "tired", "peaceful", "worried"),
        body_early=(("shoulders", "tight"), ("jaw", "tight"), ("head", "aching")),
        body_late=(("shoulders", "heavy"), ("chest", "warm")),
        urges_early=("fix", "shout", "pull_away"),
        urges_late=("reach_out",),
        connection={"sam": (2, 4), "jordan": (4, 5), "maria": (3, 4)},
        notes=(
            "Caught myself checking the time when he was late. Breathed instead.",
            "Group tonight helped. I'm not the only one.",
            "A quiet evening. Quiet is good.",
        ),
    ),
    "maria": CheckInStory(
        per_week=2,
        audience="circle",
        chosen=(),
        states_early=("activated", "shut_down", "settled"),
        states_late=("settled", "settled", "activated"),
        feelings_early=("worried", "hurt", "scared", "sad", "hopeful"),
        feelings_late=("hopeful", "peaceful", "grateful", "worried"),
        body_early=(("chest", "tight"), ("stomach", "tight"), ("throat", "tight")),
        body_late=(("chest", "warm"), ("shoulders", "heavy")),
        urges_early=("hide", "fix", "cry"),
        urges_late=("reach_out",),
        connection={"sam": (1, 4), "jordan": (4, 5), "alex": (3, 4)},
        notes=(
            "Hoy me llamó Sam. Hablamos diez minutos. Fue suficiente.",
            "Me cuesta confiar, y está bien ir despacio.",
            "Comí con Jordan. Se rió mucho.",
            "La reunión de Al-Anon me ayudó a no decidir por miedo.",
        ),
    ),
    "jordan": CheckInStory(
        per_week=2,
        audience="only_me",
        chosen=(),
        states_early=("shut_down", "activated", "settled"),
        states_late=("settled", "settled", "activated"),
        feelings_early=("frustrated", "disappointed", "lonely", "irritable", "tired"),
        feelings_late=("happy", "hopeful", "tired", "disappointed"),
        body_early=(("stomach", "tight"), ("head", "aching")),
        body_late=(("chest", "warm"), ("legs", "buzzing")),
        urges_early=("pull_away", "run", "hide"),
        urges_late=("reach_out", "pull_away"),
        connection={"sam": (2, 4), "alex": (4, 5), "maria": (4, 5)},
        notes=("Practice went well.", "Didn't feel like talking today.", "Dad was on time again."),
    ),
}
# Everyone checked in on these days (days ago) as well, so each trend page has enough of
# the last two weeks to read ("calmer than the month before"), whatever the weekday.
CHECKIN_DAYS = (1, 3, 5)
# From this many days ago on, Jordan's check-ins are shared with the circle.
JORDAN_SHARES_FROM = 60
# In the last days (the missed game), Jordan's connection to Sam dips.
DIP_DAYS = 7

# --- small moments and appreciations --------------------------------------------------------

# (days ago, author, about, kind, note, audience, chosen)
MOMENTS = [
    (112, "alex", "sam", "call_returned", "", "circle", ()),
    (
        105,
        "maria",
        "sam",
        "custom",
        "Me escribió para felicitarme. Primera vez en un año.",
        "chosen",
        ("sam",),
    ),
    (98, "jordan", "sam", "on_time", "", "circle", ()),
    (93, "alex", "sam", "calm", "Stayed calm when the bank called about the overdraft.", "circle", ()),
    (87, "sam", "alex", "boundary", "", "chosen", ("alex",)),
    (80, "maria", "sam", "call_returned", "", "circle", ()),
    (74, "alex", "jordan", "honest", "Told us about the failed exam before we found out.", "circle", ()),
    (68, "jordan", "sam", "promise_kept", "", "circle", ()),
    (
        57,
        "alex",
        "sam",
        "honest",
        "Told me about the bar before I asked. It was hard to hear.",
        "chosen",
        ("sam",),
    ),
    (49, "sam", "jordan", "custom", "Made dinner for all of us", "circle", ()),
    (44, "maria", "sam", "on_time", "Llegó puntual a la comida.", "circle", ()),
    (38, "sam", "maria", "calm", "", "circle", ()),
    (31, "jordan", "alex", "call_returned", "", "circle", ()),
    (26, "alex", "sam", "calm", "", "circle", ()),
    (19, "maria", "jordan", "custom", "Me enseñó a usar el móvil nuevo con mucha paciencia", "circle", ()),
    (15, "jordan", "sam", "on_time", "", "circle", ()),
    (11, "alex", "sam", "promise_kept", "Three Sundays in a row, phones away.", "circle", ()),
    (8, "sam", "alex", "calm", "", "circle", ()),
    (4, "maria", "sam", "call_returned", "", "circle", ()),
    (2, "alex", "sam", "on_time", "", "circle", ()),
    (1, "sam", "maria", "custom", "Sent me her recipe for arroz con pollo", "circle", ()),
]

# (days ago, author, to (None = the circle), audience, chosen, text)
APPRECIATIONS = [
    (110, "alex", "sam", "circle", (), "Thank you for telling me about the craving instead of hiding it."),
    (95, "jordan", None, "circle", (), "Thanks for the pizza night. It felt normal, in a good way."),
    (
        84,
        "maria",
        "jordan",
        "circle",
        (),
        "Jordan, gracias por comer conmigo cada miércoles. Eres mi alegría.",
    ),
    (
        70,
        "sam",
        "maria",
        "chosen",
        ("maria",),
        "Mamá, gracias por contestar mi mensaje. Sé que no te lo puse fácil.",
    ),
    (
        47,
        "alex",
        "sam",
        "circle",
        (),
        "Thank you for calling when you said you would on Sunday. It mattered more than you know.",
    ),
    (
        41,
        "sam",
        "maria",
        "chosen",
        ("maria",),
        "Mamá, gracias por llevarme a la reunión y no preguntar nada en el camino.",
    ),
    (
        35,
        "maria",
        None,
        "circle",
        (),
        "La cena del viernes fue tranquila otra vez. Gracias a todos por venir.",
    ),
    (
        28,
        "jordan",
        "sam",
        "circle",
        (),
        "Dad, you came to my game and stayed till the end. I noticed.",
    ),
    (
        22,
        "sam",
        "alex",
        "only_me",
        (),
        "Draft: I want to thank Alex for staying calm on Tuesday when I got defensive.",
    ),
    (
        20,
        "sam",
        "alex",
        "circle",
        (),
        "Alex, thank you for staying calm on Tuesday when I got defensive. I saw how hard that was.",
    ),
    (
        16,
        "alex",
        "jordan",
        "chosen",
        ("jordan",),
        "Jordan, thank you for helping with the shopping without being asked.",
    ),
    (12, "maria", "sam", "circle", (), "Esta semana llegaste puntual tres veces. Veo el esfuerzo."),
    (7, "sam", None, "circle", (), "Thank you, all of you, for giving me room to show up again."),
    (
        3,
        "jordan",
        "alex",
        "chosen",
        ("alex", "sam"),
        "Thanks for the talk in the car. I felt listened to.",
    ),
    (1, "alex", "maria", "circle", (), "María, thank you for the soup and for asking how I was doing too."),
]

# --- time-outs -----------------------------------------------------------------------------

# (days ago, hour, caller, with, minutes, tool, reason, share reason, back after minutes)
TIMEOUTS = [
    (101, 21, "alex", "sam", 30, "breathing", "I'm getting loud and I don't want to.", True, 35),
    (83, 20, "sam", "alex", 20, "grounding", "", False, 25),
    (64, 22, "sam", "alex", 45, "breathing", "I feel cornered and I'll say something I regret.", True, 50),
    (30, 19, "jordan", "sam", 20, "", "", False, 40),
    (17, 21, "maria", "alex", 20, "breathing", "Necesito calmarme antes de seguir.", True, 25),
    (5, 18, "jordan", "sam", 30, "grounding", "I need a minute before we talk about the game.", True, 30),
]

# --- ruptures and repairs -------------------------------------------------------------------

# Each step: (days ago, hour, who, action, fields). Actions are repair.rules.steps.Action values,
# plus "log" (the rupture itself), "reflect" (about, text) and "answer" (of whom, answer, missed).
RUPTURES = [
    {
        "key": "bar",
        "author": "alex",
        "with": ("sam",),
        "what": (
            "Sam told me he was at his meeting. He was at the sports bar with old friends. "
            "He didn't drink, but he didn't tell me the truth either."
        ),
        "size": "big",
        "signs": ["lying", "withdrawal", "silent_treatment"],
        "audience": "only_me",
        "happened": 65,
        "steps": [
            (64, 20, "alex", "log", {}),
            (
                64,
                21,
                "alex",
                "recognise",
                {
                    "text": "I checked his location three times and then went cold for two days.",
                    "choices": ["controlling", "pulling_away"],
                },
            ),
            (
                63,
                9,
                "sam",
                "recognise",
                {
                    "text": "I hid where I was because I was ashamed that I wanted to be around the old crowd.",
                    "choices": ["defending", "pulling_away"],
                },
            ),
            (63, 10, "sam", "pausing", {}),
            (63, 22, "alex", "settled", {}),
            (61, 19, "sam", "settled", {}),
            (
                60,
                20,
                "alex",
                "side",
                {
                    "text": (
                        "When I found out, it felt like the first year all over again. I wasn't angry about the bar. "
                        "I was scared about the lie, because the lies came first last time."
                    ),
                },
            ),
            (
                59,
                21,
                "sam",
                "side",
                {
                    "text": (
                        "I went because an old friend asked and I wanted to prove to myself I could. "
                        "I didn't tell you because I knew you'd worry, and I couldn't face that."
                    ),
                },
            ),
            (
                58,
                20,
                "alex",
                "reflect",
                {
                    "about": "sam",
                    "text": "You wanted to test yourself, and you hid it to spare us both the worry.",
                },
            ),
            (58, 21, "sam", "answer", {"of": "alex", "answer": "yes"}),
            (58, 21, "sam", "reflect", {"about": "alex", "text": "You were angry that I went to a bar."}),
            (
                57,
                8,
                "alex",
                "answer",
                {
                    "of": "sam",
                    "answer": "not_quite",
                    "missed": "Not the bar. The lie. The lie is what scared me.",
                },
            ),
            (
                57,
                19,
                "sam",
                "reflect",
                {
                    "about": "alex",
                    "text": "It wasn't the bar. It was that I lied, because lying is how it started last time.",
                },
            ),
            (56, 7, "alex", "answer", {"of": "sam", "answer": "yes"}),
            (56, 20, "alex", "part", {"text": "I checked instead of asking, and then I shut you out."}),
            (55, 21, "sam", "part", {"text": "I lied to get out of a hard conversation."}),
            (
                54,
                20,
                "sam",
                "vulnerable",
                {
                    "text": "Underneath, I'm scared you'll only ever see the old me.",
                    "choices": ["ashamed", "scared"],
                },
            ),
            (
                54,
                21,
                "alex",
                "vulnerable",
                {
                    "text": "I was scared we were back at the start, and lonely in that fear.",
                    "choices": ["scared", "lonely"],
                },
            ),
            (
                53,
                20,
                "alex",
                "rebuild",
                {
                    "text": "I'm sorry I checked instead of asking. I'll ask you straight.",
                    "more": "When I'm worried, I'll ask you, not your phone's location.",
                    "promise": "alex",
                },
            ),
            (
                52,
                20,
                "sam",
                "rebuild",
                {
                    "text": "I'm sorry I lied. You deserved the truth, even the awkward truth.",
                    "more": "If plans change, you'll hear it from me first.",
                    "promise": "sam",
                },
            ),
        ],
    },
    {
        "key": "money",
        "author": "maria",
        "with": ("alex",),
        "what": (
            "Le dije a Alex delante de Jordan cómo debería llevar el dinero de la casa. "
            "Alex se quedó callado el resto de la comida."
        ),
        "size": "small",
        "signs": ["withdrawal"],
        # It happened in front of Jordan, so María lets Jordan see it being repaired.
        "audience": "chosen",
        "chosen": ("jordan",),
        "happened": 34,
        "steps": [
            (33, 18, "maria", "log", {}),
            (
                33,
                18,
                "maria",
                "recognise",
                {
                    "text": "Quise arreglar algo que no me tocaba.",
                    "choices": ["caretaking", "controlling"],
                },
            ),
            (
                33,
                20,
                "alex",
                "recognise",
                {"text": "I went quiet instead of saying it stung.", "choices": ["pulling_away"]},
            ),
            (33, 20, "alex", "settled", {}),
            (33, 21, "maria", "settled", {}),
            (
                32,
                9,
                "maria",
                "side",
                {"text": "Me preocupo por ustedes y lo dije sin pensar dónde estábamos."},
            ),
            (32, 12, "alex", "side", {"text": "It felt like being told off in front of my kid."}),
            (
                32,
                13,
                "alex",
                "reflect",
                {"about": "maria", "text": "You were worried about us and it came out all at once."},
            ),
            (32, 14, "maria", "answer", {"of": "alex", "answer": "yes"}),
            (
                32,
                15,
                "maria",
                "reflect",
                {"about": "alex", "text": "Te sentiste regañado delante de Jordan."},
            ),
            (32, 16, "alex", "answer", {"of": "maria", "answer": "yes"}),
            (32, 17, "maria", "part", {"text": "Opiné sin que me lo pidieran."}),
            (32, 18, "alex", "part", {"text": "I sulked instead of telling you."}),
            (
                32,
                19,
                "maria",
                "vulnerable",
                {"text": "Tengo miedo de perderlos otra vez.", "choices": ["scared"]},
            ),
            (
                32,
                20,
                "alex",
                "vulnerable",
                {"text": "I want you to trust us to manage.", "choices": ["unseen"]},
            ),
            (32, 21, "maria", "rebuild", {"text": "Perdón, Alex. La próxima vez te pregunto a solas."}),
            (32, 22, "alex", "rebuild", {"text": "Thank you, María. Ask me anytime, just not at the table."}),
        ],
    },
    {
        "key": "game",
        "author": "jordan",
        "with": ("sam",),
        "what": "Dad said he'd come to my game. He didn't come, and texted after it was over.",
        "size": "medium",
        "signs": ["broken_promise", "withdrawal"],
        "audience": "chosen",
        "chosen": ("alex",),
        "happened": 7,
        "steps": [
            (6, 19, "jordan", "log", {}),
            (
                6,
                19,
                "jordan",
                "recognise",
                {
                    "text": "I stopped answering his texts and stayed in my room.",
                    "choices": ["pulling_away"],
                },
            ),
            (
                5,
                8,
                "sam",
                "recognise",
                {
                    "text": "I said yes without checking my shift, then didn't call when it clashed.",
                    "choices": ["pulling_away", "defending"],
                },
            ),
            (5, 9, "sam", "settled", {}),
            (5, 18, "jordan", "settled", {}),
            (
                4,
                20,
                "jordan",
                "side",
                {
                    "text": "I kept looking at the door during the second half. Everyone else's parents were there.",
                },
            ),
            (
                3,
                21,
                "sam",
                "side",
                {
                    "text": "My manager asked me to stay and I said yes before I thought. I was ashamed to call you.",
                },
            ),
            (3, 21, "sam", "reflect", {"about": "jordan", "text": "You were upset that I missed the game."}),
            (
                2,
                16,
                "jordan",
                "answer",
                {
                    "of": "sam",
                    "answer": "not_quite",
                    "missed": "It's not about the game. It's that I waited and kept looking at the door.",
                },
            ),
        ],
    },
]

# --- reach-out plan ------------------------------------------------------------------------

PLAN = {
    "started": 118,
    "how_reached": "text",
    "what_they_said": (
        "Mamá, llevo seis meses sin beber. Sé que no tengo derecho a pedirte nada. "
        "Solo quería que lo supieras, y que te quiero."
    ),
    "ask_yourself": {
        "recovery_or_relief": "Creo que busca recuperarse, no alivio. Pero ya lo creí otras veces.",
        "action_or_apology": "Por ahora solo palabras. Quiero ver hechos.",
        "healed_enough": "Todavía no del todo. Mi grupo me ayuda.",
        "what_i_want": "Quiero a mi hijo de vuelta, sin volver al caos.",
    },
    "their_answers": {
        "help_wanted": "Dice que no me pide nada, solo que sepa que está mejor.",
        "treatment": "Va a reuniones y a terapia con Alex.",
        "done_differently": "Tiene un padrino y va tres veces por semana.",
        "responsibility": "Dice que lo que pasó fue cosa suya, no mía.",
    },
    "checklist": ["only_apology"],
    "conditions": (
        "Hablamos solo si está sobrio y dispuesto a hablar con honestidad.\n"
        "Al principio, nos vemos en un sitio público y por poco tiempo."
    ),
    "boundaries": "No le presto dinero.\nSi bebe, me voy y lo hablamos otro día.",
    "expectations": "Que cumpla lo que promete a Jordan.\nQue me diga la verdad aunque sea difícil.",
    "support": "Mi hermana Carmen.\nEl grupo de Al-Anon de los martes.\nAlex, cuando lo necesite.",
    "signs_of_change": (
        "Me llama los domingos cuando dice que lo hará\nSigue yendo a sus reuniones\nCumple lo que promete a Jordan"
    ),
    "reply_draft": "Hijo, me alegra saberlo. Necesito tiempo. Te quiero.",
    "decisions": [
        (
            111,
            "not_yet",
            "Todavía no. Quiero ver unos meses de constancia. Le escribí que lo quiero y que necesito tiempo.",
        ),
        (
            45,
            "yes_with_conditions",
            "Sí, con condiciones. Comemos juntos los domingos, al principio en un sitio público.",
        ),
    ],
    "shared": 45,  # days ago: shared with the circle, with the yes
    "review_in_days": 30,
    "offers": [
        # (days ago offered, what, weekday, hour, days ago accepted or None)
        (100, OFFER_ACCEPTED.what, 6, 19, 99),
        (6, "Venir a comer conmigo un domingo al mes", 6, 13, None),
    ],
}

# (owner, member key or None, name, reach)
SUPPORT_PEOPLE = [
    ("maria", None, "Carmen (mi hermana)", "+1 555 0101"),
    ("maria", "alex", "", "+1 555 0134"),
    ("sam", None, "Dave (sponsor)", "+1 555 0199"),
    ("alex", None, "Terry (my Al-Anon sponsor)", "+1 555 0177"),
    ("jordan", None, "Ms. Okafor (campus counsellor)", "counselling@college.example"),
]

# --- phrases -------------------------------------------------------------------------------

# own phrases (purpose, text) and built-in favourites, per person
PHRASES = {
    "sam": (
        [
            ("sorry", "I'm sorry I went quiet. I want to tell you what was going on."),
            ("calm", "I'm flooded. Give me twenty minutes and I'll come back, I promise."),
        ],
        ["sorry-09", "calm-01"],
    ),
    "alex": ([("feeling", "I'm worried, and I'd rather ask you than check.")], ["feeling-09", "yes-06"]),
    "maria": (
        [
            ("appreciate", "Me alegra mucho oírte. Gracias por llamar."),
            ("stop", "Ahora no puedo hablar de esto. Lo hablamos el domingo."),
        ],
        ["feeling-11", "calm-01"],
    ),
    "jordan": ([("feeling", "I'm not mad, I'm disappointed. Can we talk later?")], ["feeling-05"]),
}

# --- the family's therapist -------------------------------------------------------------

# Alex asks a practice for help (who the practice and Lena are: mend/demo.py); Lena
# answers, the practice invites her into the circle and, Alex being an owner, that is the
# family's yes; she joins. Then Sam, Alex and María each sign a consent for her, each for
# different things; Jordan signs none, so nothing of Jordan's ever reaches her pages (not
# even the repair with Sam still going). After signing, a member shares with Lena what
# they write in the categories they consented to (the per-entry flag), never cravings.
THERAPIST = {
    "asker": "alex",
    "asked": 38,  # days ago
    "reason": (
        "Sam has been sober for nine months and we are rebuilding trust as a family: Sam, me, "
        "our grown child Jordan and Sam's mother María, who prefers Spanish. We would like "
        "someone to guide the four of us, online, in the evenings."
    ),
    "contact": "alex@demo.mend.test, weekday evenings after 6",
    "languages": ["en", "es"],
    "answered": 37,
    "reply": (
        "Thank you for writing, Alex. I work with families in recovery, in English and "
        "Spanish, and I have Thursday evenings free for online sessions. I am sending an "
        "invitation to your circle now; nobody shares anything with me until they choose to.\n"
        "Lena Ortiz, LMFT, Harbor Family Counseling"
    ),
    "joined": 36,
    # Times Lena opened her caseload and the family's page (written to the access log,
    # which the members read on "Who has seen my information"): (days ago, hour).
    "opened": [(13, 17), (6, 17)],
}

# (member, days ago, hour, {category: level}, safety alerts): each signs in their language.
# Cravings and use are off for everyone (CLINICAL.md: off unless chosen); check-ins are
# "trends only" for all three (how often, not what they felt); María allows trends only:
# Lena sees her numbers, never her words. Sam agrees to safety alerts.
CONSENTS = [
    (
        "sam",
        35,
        20,
        {"promises": "entries", "checkins": "trends", "appreciations": "entries", "measures": "entries"},
        True,
    ),
    ("alex", 35, 21, {"moments": "entries", "appreciations": "entries", "checkins": "trends"}, False),
    ("maria", 34, 10, {"checkins": "trends", "repair": "trends"}, False),
]

# --- questionnaires --------------------------------------------------------------------

# Lena asks Sam for a PHQ-9 every two weeks (days ago); Sam shares each result with Alex
# and with Lena, never the answers. His scores fall from moderate to mild: from the first
# to the latest, a reliable improvement (6 points or more), which the chart marks.
PHQ9_ASSIGNED = 31
# (days ago, hour, answers to items 1–9): item 9 stays 0.
PHQ9 = [
    (30, 19, [2, 2, 2, 2, 1, 2, 1, 1, 0]),  # 13, moderate
    (16, 20, [1, 2, 1, 2, 1, 1, 1, 0, 0]),  # 9, mild
    (2, 19, [1, 1, 1, 1, 0, 1, 1, 0, 0]),  # 6, mild
]
# Sam and Alex each answer the couple's satisfaction index (CSI-4) and show it to each
# other: two lines side by side. (who, days ago, hour, answers to items 1–4)
CSI4 = [
    ("sam", 29, 21, [3, 3, 3, 3]),
    ("alex", 29, 21, [2, 3, 2, 3]),
    ("sam", 3, 21, [4, 4, 4, 4]),
    ("alex", 3, 22, [4, 3, 4, 4]),
]
