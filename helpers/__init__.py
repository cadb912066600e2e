"""The package the notebooks share. Its packages are layers; each imports only from those before it:
data -> history -> figures -> widgets | quiz -> lesson; authoring (tools) apart (tests/test_layers.py)."""
