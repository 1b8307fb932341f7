"""The councillor area registers nothing in the Django admin, on purpose.

Notes belong to their author alone, and not even an administrator reads them in the UI.
Profiles hold the calendar token's hash. (Failed logins moved to `accounts`.)
"""
