from .invitations import Invitation, Registration
from .users import User, UserManager

__all__ = ["Invitation", "Registration", "User", "UserManager"]
