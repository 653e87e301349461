"""``python -m therapy_goals`` runs the ``therapy-goals`` command."""

from therapy_goals.cli import main

if __name__ == "__main__":
    main()
