"""Authoring tools (notebook generator, handouts, answer key, bench): never imported by a lesson kernel."""
