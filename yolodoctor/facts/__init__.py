"""Collecting facts about the machine and the target interpreter."""
