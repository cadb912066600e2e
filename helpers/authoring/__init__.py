"""Maintainer tools, never imported by a lesson kernel or the teacher's tools: the notebook generator
(notebook), printable handouts (handouts), speed and memory against the floor (bench), the quiz banks'
teaching policy (bank_review) and echo check (echo), and a class on a real JupyterHub (class_sim)."""
