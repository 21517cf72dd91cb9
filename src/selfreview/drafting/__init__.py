"""Drafters: the offline rule-based one now, model-backed ones behind the same interface."""
