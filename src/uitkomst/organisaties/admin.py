"""Regions and municipalities are registered in ``accounts/admin.py``: the policy-scoped admin plumbing
lives in ``accounts``, one layer above ``organisaties``, which may not import it."""
