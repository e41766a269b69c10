"""The structured lists a check-in offers: feelings, body regions and sensations, urges.

Kept as data so the form, the trends and the API all read the same lists.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

FEELING_GROUPS = [
    (
        "glad",
        _("Glad"),
        [
            ("happy", _("happy")),
            ("hopeful", _("hopeful")),
            ("grateful", _("grateful")),
            ("proud", _("proud")),
        ],
    ),
    (
        "calm",
        _("Calm"),
        [("peaceful", _("peaceful")), ("relieved", _("relieved")), ("content", _("content"))],
    ),
    (
        "sad",
        _("Sad"),
        [
            ("sad", _("sad")),
            ("lonely", _("lonely")),
            ("hurt", _("hurt")),
            ("disappointed", _("disappointed")),
        ],
    ),
    (
        "afraid",
        _("Afraid"),
        [
            ("anxious", _("anxious")),
            ("worried", _("worried")),
            ("scared", _("scared")),
            ("overwhelmed", _("overwhelmed")),
        ],
    ),
    (
        "angry",
        _("Angry"),
        [
            ("angry", _("angry")),
            ("frustrated", _("frustrated")),
            ("resentful", _("resentful")),
            ("irritable", _("irritable")),
        ],
    ),
    (
        "ashamed",
        _("Ashamed"),
        [("ashamed", _("ashamed")), ("guilty", _("guilty")), ("embarrassed", _("embarrassed"))],
    ),
    ("low", _("Low on energy"), [("tired", _("tired")), ("numb", _("numb")), ("empty", _("empty"))]),
]
# The few feelings the check-in offers first, one or two from each group; the rest are
# a tap away under "More feelings". Chosen so a glad, a calm and a hard day all fit.
COMMON_FEELINGS = [
    "happy",
    "peaceful",
    "hopeful",
    "sad",
    "lonely",
    "anxious",
    "overwhelmed",
    "angry",
    "tired",
]
FEELINGS = {key: label for _g, _gl, items in FEELING_GROUPS for key, label in items}
GROUP_OF = {key: group for group, _gl, items in FEELING_GROUPS for key, _l in items}
GROUP_LABELS = {group: label for group, label, _items in FEELING_GROUPS}

REGIONS = [
    ("head", _("head")),
    ("jaw", _("jaw")),
    ("throat", _("throat")),
    ("shoulders", _("shoulders")),
    ("chest", _("chest")),
    ("stomach", _("stomach")),
    ("back", _("back")),
    ("hands", _("hands")),
    ("legs", _("legs")),
    # For what sits in the whole body rather than one place (shaky, heavy, numb).
    ("all_over", _("all over")),
]
SENSATIONS = [
    ("tight", _("tight")),
    ("heavy", _("heavy")),
    ("buzzing", _("buzzing")),
    ("numb", _("numb")),
    ("warm", _("warm")),
    ("cold", _("cold")),
    ("aching", _("aching")),
    ("shaky", _("shaky")),
]
# The urge to use is kept with the cravings (checkins.models.Craving), not among the urges.
USE_URGE = "use"
URGES = [
    ("pull_away", _("to pull away")),
    ("shout", _("to shout")),
    ("fix", _("to fix things")),
    ("run", _("to run")),
    ("use", _("to use or drink")),
    ("cry", _("to cry")),
    ("hide", _("to hide")),
    ("reach_out", _("to reach out")),
]

INTENSITY_MIN, INTENSITY_MAX = 1, 5
CONNECTION_MIN, CONNECTION_MAX = 1, 5
CRAVING_MIN, CRAVING_MAX = 0, 10
