"""Tools for people who test therapy-goals plug-ins and apps: hypothesis strategies and more.

Nothing here is imported by the library itself; :mod:`therapy_goals.testing.strategies` needs
``hypothesis`` (install ``therapy-goals[testing]``).
"""
