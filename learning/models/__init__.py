"""Models of the study side, split by domain and re-exported here."""

from .accounts import *  # noqa: F403
from .classes import *  # noqa: F403
from .corrections import *  # noqa: F403
from .documents import *  # noqa: F403
from .flashcards import *  # noqa: F403
from .learn import *  # noqa: F403
from .lti import *  # noqa: F403
from .ops import *  # noqa: F403
from .progress import *  # noqa: F403
from .quizzes import *  # noqa: F403
