"""Accounts: users, login, profile, API tokens."""
