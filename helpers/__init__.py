"""The package the notebooks share. Its packages are layers; each imports only from those before it:
collector -> data | kernel_settings -> history -> text -> figures | widget_parts -> widgets | quiz ->
lesson (a student's kernel), then teacher (a teacher's tools, on the hub too) and authoring
(maintainer tools) apart; working_copies stands alone (tests/test_layers.py)."""
