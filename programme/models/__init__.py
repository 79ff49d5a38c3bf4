from .pages import ProgrammePage, SpeakerIndexPage
from .snippets import Organisation, Person, Session, SessionChange, SessionRole

__all__ = [
    "Organisation",
    "Person",
    "ProgrammePage",
    "Session",
    "SessionChange",
    "SessionRole",
    "SpeakerIndexPage",
]
