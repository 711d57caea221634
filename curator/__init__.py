"""curator: annotate and curate news articles from the terminal."""

__version__ = "0.1.0"
