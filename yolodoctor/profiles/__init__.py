"""Workload profiles (compat/profiles.toml): what a YOLO job needs, and whether a machine has it."""

from .load import ProfileError, UnknownProfile, get_profile, load_profiles, parse_profiles, profile_names
from .model import Profile

__all__ = ["Profile", "ProfileError", "UnknownProfile", "get_profile", "load_profiles", "parse_profiles",
           "profile_names"]
