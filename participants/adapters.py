from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are made by invitation only.

    Signup stays closed here; the invitation flow opens it for the invited
    address alone.
    """

    def is_open_for_signup(self, request):
        return False
