"""Training the learned layer: ``python -m coach.training fit | check | cv``.

Needs scikit-learn and scipy (requirements-dev.txt); the exported models run on
numpy alone. See docs/coach.md, "How the learned layer is trained".
"""
