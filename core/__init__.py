"""newsread's engine: pure, UI-free, importable without textual or rich.

Data flows ingest -> sentences -> embeddings -> alignment -> conflicts -> export,
one module per step; ``compare.compare`` runs them all.
"""
