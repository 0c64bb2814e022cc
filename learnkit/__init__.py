"""learnkit: a local knowledge base of the learning from safeguarding case reviews and audits."""

__version__ = "0.1.0"
